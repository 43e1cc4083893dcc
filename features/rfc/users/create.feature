@rfc7644:3.3
Feature: Creating users
  A SCIM client creates a user with POST and learns where it lives; the SP refuses duplicates and
  bodies without the required attributes, and stores nothing of what it refuses.

  @req:RFC-CREATE-01 @must
  Rule: POST returns 201, the resource with id and meta, and a Location header equal to meta.location

    Scenario: a new user is created
      When the client creates the user "ada"
      Then the SP answers 201
      And the created user has an id, meta and a Location equal to meta.location

    Scenario: a new group is created
      Given the client has created the user "ada"
      When the client creates the group "devs" with the members "ada"
      Then the created group has an id, meta and a Location equal to meta.location

  @req:RFC-CREATE-02 @must @rfc7644:3.12
  Rule: a duplicate userName, compared case-insensitively, is 409 and changes nothing
    rfc: scimType "uniqueness"; aws: AWS's 409 body (AWS-ERR-01).

    Scenario Outline: a second user with the userName of an existing one, spelled <spelling>
      Given the client has created the user "ada"
      When the client creates another user with the userName of "ada" <spelling>
      Then the SP answers 409 with the profile's error body and scimType "uniqueness"
      And nothing the SP holds has changed

      Examples:
        | spelling      |
        | exactly       |
        | in other case |

  @req:RFC-CREATE-03 @must @rfc7643:4.1 @rfc7643:4.2 @rfc7644:3.12
  Rule: a user without userName, or a group without displayName, is 400 and nothing is stored
    rfc: scimType "invalidValue".

    Scenario: a user without a userName
      When the client creates a user without a userName
      Then the SP answers 400 with the profile's error body and scimType "invalidValue"
      And nothing the SP holds has changed

    Scenario: a group without a displayName
      When the client creates a group without a displayName
      Then the SP answers 400 with the profile's error body and scimType "invalidValue"
      And nothing the SP holds has changed
