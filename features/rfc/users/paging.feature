@sp:rfc @rfc7644:3.4.2.4
Feature: Paging through users
  startIndex (1-based) and count walk a list; the users of a scenario share a run-unique prefix, so the
  walk is exact on a tenant other scenarios are filling.

  @req:RFC-PAGE-01 @must @needs:index-paging
  Rule: startIndex/count paging returns every resource exactly once with correct totalResults, itemsPerPage and startIndex; a startIndex below 1 is 1, a negative count is 0

    Scenario Outline: five users, <size> at a time
      Given the client has created 5 users named "pager"
      When the client pages through the users "pager" <size> at a time
      Then every user named "pager" is seen exactly once, on pages with correct totals

      Examples:
        | size |
        | 2    |
        | 5    |

    Scenario: a list without startIndex starts at the first result
      Given the client has created the user "ada"
      When the client looks "ada" up by its userName without startIndex
      Then the SP answers the list, as startIndex's default of 1 has it

    Scenario: a startIndex below 1 is read as 1, and a negative count as 0
      Given the client has created the user "ada"
      When the client looks "ada" up by its userName with startIndex 0
      Then the SP answers the first page, which holds "ada"
      When the client looks "ada" up by its userName with count -1
      Then the SP counts "ada" but returns no resource
