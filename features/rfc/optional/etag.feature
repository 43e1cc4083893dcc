@sp:rfc @rfc7644:3.14
Feature: ETags and If-Match

  @req:RFC-ETAG-01 @may @needs:etag
  Rule: with ETags advertised, a stale If-Match is 412 and changes nothing

    Scenario: a PUT with a stale If-Match is refused
      Given the client has created the nicknamed user "ada"
      And the client has noted the ETag of "ada"
      And the client has since replaced "ada" with a new displayName
      When the client replaces "ada" with If-Match set to the noted ETag
      Then the SP answers 412
      And nothing the SP holds has changed

    Scenario: a PUT with the current If-Match is applied
      Given the client has created the user "ada"
      And the client has noted the ETag of "ada"
      When the client replaces "ada" with If-Match set to the noted ETag
      Then the SP accepts it
