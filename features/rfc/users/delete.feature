@rfc7644:3.6
Feature: Deleting a user

  @req:RFC-DELETE-01 @must
  Rule: DELETE is 204; the resource is then 404; deleting again is 404

    Scenario: a deleted user is gone
      Given the client has created the user "ada"
      When the client deletes the user "ada"
      Then the SP answers 204
      When the client reads the user "ada"
      Then the SP answers 404 with the profile's error body
      When the client deletes the user "ada"
      Then the SP answers 404 with the profile's error body
