@rfc7644:3.4.2.2
Feature: Filtering users
  Filters find users by their attributes. Under aws the SP supports only the documented `eq` forms
  (AWS-FILTER-01): the supported forms and the unsupported example follow the run's profile. A valid form the
  SP answers with 400 (invalidFilter), 404, 405 or 501 is one it does not support: UNSUPPORTED for that form,
  never a wrong answer. scimType invalidFilter is expected, but OPTIONAL (RFC 7644 §3.12): its absence is WARN.

  @req:RFC-FILTER-01 @must @rfc7644:3.12
  Rule: userName eq is case-insensitive in its value, and should be in its attribute name and operator; supported filters answer right; unsupported ones are 400 and invalid ones refused, never a wrong result

    Scenario Outline: userName eq finds the user, spelled <spelling>
      Given the client has created the users "ada, bob"
      When the client lists users whose userName equals "ada" <spelling>
      Then the SP finds exactly "ada"

      Examples:
        | spelling      |
        | exactly       |
        | in other case |

    # "Attribute names and attribute operators used in filters are case insensitive" (RFC 7644 §3.4.2.2), said
    # without a MUST: a should, as every other definition the RFC gives without one
    Scenario Outline: attribute names and operators are case-insensitive: <written>
      Given the client has created the users "ada, bob"
      When the client lists users whose userName equals "ada", the attribute and operator written "<written>"
      Then the SP should find exactly "ada"

      # RFC 7644 §3.4.2.2's own two examples
      Examples:
        | written     |
        | userName Eq |
        | Username eq |

    Scenario: userName eq that matches nobody is an empty list, not an error
      When the client lists users whose userName matches nobody
      Then the SP answers 200
      And the SP finds no one

    Scenario: each filter form the SP supports gives the right users
      Given the client has created the users "ada, bob, cy"
      When the client lists users with each filter form the SP supports, aimed at "ada, bob, cy"
      Then each supported filter form returns exactly the users it aims at

    Scenario: a filter the SP does not support is refused
      When the client lists users with a filter the SP does not support
      Then the SP answers 400 with the profile's error body and scimType "invalidFilter"

    Scenario: an ordering comparison on a boolean is refused
      When the client lists users whose active is greater than false
      Then the SP refuses the ordering of a boolean with 400 and scimType "invalidFilter"

    # "Providers MUST decline to filter results if the specified filter operation is not recognized and return an HTTP
    # 400 error" (RFC 7644 §3.4.2.2)
    Scenario: a filter with an operator the RFC does not define is refused with 400
      When the client lists users with the malformed filter "userName equals \"ada\""
      Then the SP answers 400 with the profile's error body and scimType "invalidFilter"

    # a filter outside the grammar must not be answered as if it were one; only Table 8 and 9 (§3.12) name 400 and
    # invalidFilter for it, so another 4xx is a should
    Scenario Outline: an invalid filter is refused: <problem>
      When the client lists users with the malformed filter "<filter>"
      Then the SP refuses it, 400 with the profile's error body and scimType "invalidFilter" expected

      Examples:
        | problem                   | filter                        |
        | no value                  | userName eq                   |
        | an unterminated string    | userName eq \"ada             |
        | an unbalanced parenthesis | (userName eq \"ada\"          |
        | a dangling and            | userName eq \"ada\" and       |
