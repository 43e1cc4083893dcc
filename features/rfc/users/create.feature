@rfc7644:3.3
Feature: Creating users
  A SCIM client creates a user with POST and learns where it lives; the SP refuses duplicates and
  bodies without the required attributes, and stores nothing of what it refuses.

  @req:RFC-CREATE-01 @must
  Rule: POST returns 201, the resource with its id, and a Location header equal to meta.location when that is given; readOnly attributes it was sent are ignored
    RFC 7643 §3.1 makes no meta sub-attribute REQUIRED: a missing meta.location, resourceType or created is a
    should-level finding (WARN), never a FAIL. So is an answer without the resource's representation (no userName,
    or no group displayName): the body SHOULD contain it (RFC 7644 §3.3). Where both meta.created and
    meta.lastModified are given, a resource never modified since its creation MUST carry the same instant in both.

    Scenario: a new user is created
      When the client creates the user "ada"
      Then the SP answers 201
      And the created user has an id and a Location equal to its meta.location

    Scenario: a new group is created
      Given the client has created the user "ada"
      When the client creates the group "devs" with the members "ada"
      Then the created group has an id and a Location equal to its meta.location

    Scenario: an id and a meta sent in a create are ignored
      When the client creates the user "ada", sending an id and a meta of its own
      Then the SP answers 201
      And the user "ada" has the id and meta the SP made, not those it was sent

  @req:RFC-CREATE-02 @must @rfc7644:3.12
  Rule: a duplicate userName, compared case-insensitively, is 409 and changes nothing, on a create or a replace
    rfc: a create that conflicts "MUST return HTTP status code 409 (Conflict) with a "scimType" error code of
    "uniqueness"" (RFC 7644 §3.3), so there its absence fails this row. A replace must be refused too (userName is
    unique, RFC 7643 §4.1.1), but no clause names its code: any 4xx refuses it, and a status other than 409, or
    a missing scimType, is WARN. The body's shape is RFC-ERR-01's (aws: AWS-ERR-01's, which has no scimType).

    Scenario Outline: a second user with the userName of an existing one, spelled <spelling>
      Given the client has created the user "ada"
      When the client creates another user with the userName of "ada" <spelling>
      Then the SP answers 409 with the profile's error body and scimType "uniqueness", as a conflicting create must
      And nothing the SP holds has changed

      Examples:
        | spelling      |
        | exactly       |
        | in other case |

    Scenario Outline: a replace giving a user the userName of another, spelled <spelling>
      Given the client has created the users "ada, bob"
      When the client replaces "bob" with the userName of "ada" <spelling>
      Then the SP refuses the replace, 409 with scimType "uniqueness" expected
      And nothing the SP holds has changed

      Examples:
        | spelling      |
        | exactly       |
        | in other case |

  @req:RFC-CREATE-03 @must @rfc7643:4.1 @rfc7643:4.2 @rfc7644:3.12
  Rule: a user without userName, or a group without displayName, is refused (400 expected) and nothing is stored
    rfc: any 4xx refuses it; 400 (RFC 7644 §3.12, Table 8) and scimType "invalidValue" are expected, and each is
    a should-level finding (WARN) when missing. aws: 400, as AWS answers it.

    Scenario: a user without a userName
      When the client creates a user without a userName
      Then the SP refuses it, 400 with the profile's error body and scimType "invalidValue" expected
      And nothing the SP holds has changed

    Scenario: a group without a displayName
      When the client creates a group without a displayName
      Then the SP refuses it, 400 with the profile's error body and scimType "invalidValue" expected
      And nothing the SP holds has changed
