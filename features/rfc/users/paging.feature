@sp:rfc @rfc7644:3.4.2.4
Feature: Paging through users
  startIndex (1-based) and count walk a list; the users of a scenario share a run-unique prefix, so the
  walk is exact on a tenant other scenarios are filling.

  @req:RFC-PAGE-01 @must
  Rule: startIndex/count paging returns every resource exactly once with correct totalResults, itemsPerPage and startIndex

    Scenario Outline: five users, <size> at a time
      Given the client has created 5 users named "pager"
      When the client pages through the users "pager" <size> at a time
      Then every user named "pager" is seen exactly once, on pages with correct totals

      Examples:
        | size |
        | 2    |
        | 5    |
