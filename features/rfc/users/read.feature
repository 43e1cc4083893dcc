@rfc7644:3.4.1
Feature: Reading a resource by id

  @req:RFC-READ-01 @must
  Rule: GET by id returns the resource; an unknown id is 404 with the profile's error body

    Scenario: a user is read by its id
      Given the client has created the user "ada"
      When the client reads the user "ada"
      Then the answer is the user "ada"

    Scenario: a group is read by its id
      Given the client has created the user "ada"
      And the client has created the group "devs" with the members "ada"
      When the client reads the group "devs" by its id
      Then the answer is the group "devs"

    Scenario: an unknown user id is 404
      When the client reads a user that does not exist
      Then the SP answers 404 with the profile's error body

    Scenario: an unknown group id is 404
      When the client reads a group that does not exist
      Then the SP answers 404 with the profile's error body
