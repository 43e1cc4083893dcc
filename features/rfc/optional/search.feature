@sp:rfc @rfc7644:3.4.3
Feature: Searching with POST
  Discovery has no flag for /.search: an SP that answers 404, 405 or 501 does not offer it (UNSUPPORTED).

  @req:RFC-SEARCH-01 @may
  Rule: POST /.search answers a ListResponse like the GET it stands for

    Scenario: POST /Users/.search finds what GET /Users finds
      Given the client has created the users "ada, bob"
      When the client searches for "ada" with a POST search request
      Then the search finds "ada" exactly as the equivalent GET does
