Feature: Authentication
  Every SCIM request carries the bearer token the SP issued; without it the SP refuses the request and shows
  nothing. Both profiles: the error body is the profile's (AWS's "schema" body under aws). The refusal is the
  MUST; its code is 401 under aws (AWS documents it), and under rfc 401 is what RFC 7644 §3.12's Table 8
  recommends for an invalid or missing authorization header (a gateway's 403 is a should-level finding).

  @req:RFC-AUTH-01 @must @rfc7644:2
  Rule: no token, a malformed token or a wrong token is refused, 401 expected, with the profile's error body, and nothing leaks

    # no user is needed to judge the refusal itself: an SP whose creates fail is still judged here, so the IdP rows
    # whose connection test sends a wrong token are BLOCKED by this row rather than red for its deviation
    Scenario Outline: looking up a user with <credential>, before anything is created
      When the client lists the users like "nobody" using <credential>
      Then the SP refuses the credential, 401 with the profile's error body expected

      Examples:
        | credential        |
        | no token          |
        | a wrong token     |

    Scenario Outline: reading a user with <credential>
      Given the client has created the user "ada"
      When the client reads the user "ada" using <credential>
      Then the SP refuses the credential, 401 with the profile's error body expected
      And the answer reveals nothing of "ada"

      Examples:
        | credential        |
        | no token          |
        | a malformed token |
        | a wrong token     |

    Scenario Outline: listing users with <credential>
      Given the client has created the user "ada"
      When the client lists the users like "ada" using <credential>
      Then the SP refuses the credential, 401 with the profile's error body expected
      And the answer reveals nothing of "ada"

      Examples:
        | credential        |
        | no token          |
        | a wrong token     |

    Scenario: creating a user with a wrong token stores nothing
      When the client creates the user "eve" using a wrong token
      Then the SP refuses the credential, 401 with the profile's error body expected
      And nothing of "eve" is stored
