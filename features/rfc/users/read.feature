@rfc7644:3.4.1
Feature: Reading a resource by id

  @req:RFC-READ-01 @must
  Rule: GET by id returns the resource; an unknown id is refused, 404 expected, with the profile's error body
    No clause of RFC 7644 §3.4.1 names the code: 404 is Table 8's (§3.12) for a resource that does not exist,
    so under rfc another 4xx (an SP whose ids are numbers may call a UUID malformed, 400) is a should-level
    finding. A deleted resource is another matter: §3.6 makes it 404 (RFC-DELETE-01).

    Scenario: a user is read by its id
      Given the client has created the user "ada"
      When the client reads the user "ada"
      Then the answer is the user "ada"

    Scenario: a group is read by its id
      Given the client has created the user "ada"
      And the client has created the group "devs" with the members "ada"
      When the client reads the group "devs" by its id
      Then the answer is the group "devs"

    Scenario: an unknown user id is refused, 404 expected
      When the client reads a user that does not exist
      Then the SP refuses it, 404 with the profile's error body expected

    Scenario: an unknown group id is refused, 404 expected
      When the client reads a group that does not exist
      Then the SP refuses it, 404 with the profile's error body expected
