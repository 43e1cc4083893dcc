@sp:rfc @rfc7644:3.4.2.3
Feature: Sorting

  @req:RFC-SORT-01 @may @needs:sort
  Rule: sortBy and sortOrder order the results when sorting is advertised

    Scenario Outline: users sorted by userName, <order>
      Given the client has created 5 users named "sorted"
      When the client lists the users "sorted" sorted by userName, <order>
      Then the users "sorted" come in <order> order of userName

      Examples:
        | order      |
        | ascending  |
        | descending |
