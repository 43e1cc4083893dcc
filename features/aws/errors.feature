@aws-guide @source:aws-entra @sp:aws
Feature: AWS's error bodies
  {"schema":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Request is unparsable, syntactically
  incorrect, or violates schema.","status":"400"}: "schema" singular, status a string, no scimType.

  @req:AWS-ERR-01 @must
  Rule: A 400 carries AWS's body and detail

    Scenario: a refused user without a display name
      When the client creates the user "ada" without a display name
      Then the SP answers 400 with the profile's error body
      And the error detail reads "Request is unparsable, syntactically incorrect, or violates schema."

    Scenario: a body that is not JSON
      When the client sends a user whose body is not valid JSON
      Then the SP answers 400 with the profile's error body
      And the error detail reads "Request is unparsable, syntactically incorrect, or violates schema."

    Scenario: a filter AWS does not understand
      When the client lists the users with the filter 'userName co "{ada.userName}"'
      Then the SP answers 400 with the profile's error body
      And the error detail reads "Request is unparsable, syntactically incorrect, or violates schema."

  @req:AWS-ERR-01 @must
  Rule: A 409 carries AWS's body

    Background:
      Given the client has created the group "admins" without members

    Scenario: a second group of the same name
      When the client creates another group named like "admins"
      Then the SP answers 409 with the profile's error body

    @reference-only
    Scenario: the 409 detail as public reports show it
      When the client creates another group named like "admins"
      Then the error detail reads "Refused to create a new, duplicate resource."

  @req:AWS-ERR-01 @must @reference-only
  Rule: Responses are application/json

    Scenario Outline: <what> is application/json
      Given the client has created the user "ada"
      When <request>
      Then the answer's media type is "application/json"

      Examples:
        | what           | request                                                  |
        | a read user    | the client sends GET for the user "ada"                  |
        | a refused user | the client creates the user "bob" without a display name |
