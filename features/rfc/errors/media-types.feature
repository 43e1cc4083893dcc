@sp:rfc @rfc7644:3.1 @rfc7644:3.8 @rfc7644:8.1
Feature: Media types
  SCIM responses are application/scim+json; requests may be sent as application/scim+json or
  application/json. "Service providers MUST support the accept header "Accept: application/scim+json" and
  SHOULD support the header "Accept: application/json"" (RFC 7644 §3.8): Okta's requests accept
  application/scim+json alone.

  @req:RFC-MEDIA-01 @should
  Rule: responses are application/scim+json; requests with application/scim+json or application/json are accepted

    Scenario Outline: the answer to <request> is application/scim+json
      Given the client has created the user "ada"
      When <request>
      Then the answer's Content-Type is "application/scim+json"

      Examples:
        | request                                                   |
        | the client reads the user "ada"                           |
        | the client lists users whose userName equals "ada" exactly |
        | the client reads a user that does not exist               |
        | the client sends malformed JSON to create a user          |

    Scenario: a create answers in application/scim+json
      When the client creates the user "ada"
      Then the SP accepts it
      And the answer's Content-Type is "application/scim+json"

    Scenario Outline: a request sent as <type> is accepted
      When the client creates the user "ada" sending "<type>"
      Then the SP accepts it

      Examples:
        | type                                |
        | application/scim+json               |
        | application/json                    |
        | application/scim+json; charset=utf-8 |

    Scenario Outline: a read that accepts only <type> is answered
      Given the client has created the user "ada"
      When the client reads the user "ada" accepting only "<type>"
      Then the SP answers 200

      Examples:
        | type                  |
        | application/scim+json |
        | application/json      |
