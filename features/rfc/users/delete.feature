@rfc7644:3.6
Feature: Deleting users and groups

  @req:RFC-DELETE-01 @must
  Rule: DELETE is 204; the resource is then 404 to every operation and left out of every list; deleting again is 404

    Scenario: a deleted user is gone
      Given the client has created the user "ada"
      When the client deletes the user "ada"
      Then the SP answers 204
      When the client reads the user "ada"
      Then the SP answers 404 with the profile's error body
      When the client looks the deleted user "ada" up by its userName
      Then the deleted user "ada" is not listed
      When the client replaces the deleted user "ada"
      Then the SP answers 404 with the profile's error body
      When the client deletes the user "ada"
      Then the SP answers 404 with the profile's error body

    Scenario: a deleted group is gone, and its members are not
      Given the client has created the users "ada"
      And the client has created the group "devs" with the members "ada"
      When the client deletes the group "devs"
      Then the SP answers 204
      When the client reads the group "devs" by its id
      Then the SP answers 404 with the profile's error body
      When the client deletes the group "devs"
      Then the SP answers 404 with the profile's error body
      When the client reads the user "ada"
      Then the SP answers 200
