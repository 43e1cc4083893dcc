@sp:rfc @rfc7644:3.12
Feature: Error responses
  Every error carries the SCIM error schema and its status as a string (REQUIRED, RFC 7644 §3.12). The
  scimType Table 9 names for the case is expected, but scimType is OPTIONAL: a missing or other one is a
  should-level finding (WARN), never a FAIL; where a clause makes it a MUST of its own (a conflicting create,
  RFC 7644 §3.3), the row that owns the case judges it. (Under aws the body is AWS's own: AWS-ERR-01.) Malformed JSON belongs to this row outright;
  for the other cases, whether the SP must refuse is judged by the row that owns the case (RFC-CREATE-02,
  RFC-CREATE-03, RFC-FILTER-01, RFC-READ-01, RFC-AUTH-01), and this row judges the error it answers.

  @req:RFC-ERR-01 @must
  Rule: every error has the SCIM error schema, status as a string and a scimType where the RFC names one; malformed JSON is refused, 400 invalidSyntax expected

    Scenario Outline: malformed JSON <where> is refused, 400 invalidSyntax expected
      Given the client has created the user "ada"
      When the client sends malformed JSON to <where>
      Then the SP refuses it, 400 with the profile's error body and scimType "invalidSyntax" expected

      Examples:
        | where            |
        | create a user    |
        | replace "ada"    |

    Scenario Outline: the error for <case> names scimType <scimType>
      Given the client has created the user "ada"
      When <request>
      Then the SP's refusal, if any, carries an RFC error body, with scimType "<scimType>" if it is a <status>

      Examples:
        | case                 | request                                                            | status | scimType      |
        | an invalid filter    | the client lists users with the malformed filter "userName eq"     | 400    | invalidFilter |
        | a missing userName   | the client creates a user without a userName                       | 400    | invalidValue  |

      @needs:patch
      Examples: PATCH
        | case                        | request                                                    | status | scimType    |
        | a PATCH path that is broken | the client patches "ada" with an operation it cannot apply | 400    | invalidPath |

    # its scimType is RFC-CREATE-02's: RFC 7644 §3.3 makes "uniqueness" a MUST for a conflicting create
    Scenario: the error for a duplicate userName has the error schema and its status as a string
      Given the client has created the user "ada"
      When the client creates another user with the userName of "ada" exactly
      Then the SP's refusal, if any, carries an RFC error body

    Scenario Outline: the error for <case> has the error schema and its status as a string
      When <request>
      Then the SP's refusal, if any, carries an RFC error body

      Examples:
        | case             | request                                              |
        | an unknown user  | the client reads a user that does not exist          |
        | an unknown group | the client reads a group that does not exist         |
        | a missing token  | the client lists the users like "ada" using no token |
