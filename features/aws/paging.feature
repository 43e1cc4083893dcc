@aws-guide @sp:aws
Feature: Paging the AWS way
  At most 100 results a page; `?cursor` switches to cursor paging, each page pointing to the next with
  `nextCursor`; `startIndex` is not supported and is ignored.

  @req:AWS-PAGE-01 @must @needs:admin
  Rule: At most 100 results a page; a cursor walks every result exactly once; startIndex is ignored

    Scenario: a cursor walks more than 100 users, at most 100 a page
      Given the SP admin has enabled automatic provisioning on a new tenant
      And the client is connected to the tenant with the first access token
      And the client has created 120 users
      When the client walks the users with a cursor
      Then every page holds at most 100 users
      And the walk meets each of those users exactly once
      When the client lists the users without paging parameters
      Then every page holds at most 100 users
      When the client lists 10 users from startIndex 51
      Then the SP ignores startIndex and answers the first page
      When the client walks the users with a cursor, 150 a page
      Then every page holds at most 100 users, or the SP refuses the count

    Scenario: a cursor walk with a small count holds no more than the count a page
      Given the SP admin has enabled automatic provisioning on a new tenant
      And the client is connected to the tenant with the first access token
      And the client has created 5 users
      When the client walks the users with a cursor, 2 a page
      Then every page holds at most 2 users
      And the walk meets each of those users exactly once
