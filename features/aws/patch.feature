@aws-guide @sp:aws
Feature: PATCH the AWS way
  Operations are add, replace and remove; remove needs a path; userName and active cannot be removed and
  take at most one operation per request; a group PATCH touches only displayName, members and externalId.

  @req:AWS-PATCH-01 @must
  Rule: A user PATCH outside AWS's limits is refused with 400 and changes nothing

    Background:
      Given the client has created the user "ada" with the title "Engineer"

    Scenario Outline: a user PATCH with <variation> is refused
      When the client patches the user "ada" with <variation>
      Then the SP answers 400 with the profile's error body
      And the user "ada" is unchanged

      Examples:
        | variation                |
        | the operation "copy"     |
        | the operation "move"     |
        | the operation "test"     |
        | a remove without a path  |
        | a remove of userName     |
        | a remove of active       |
        | two replaces of userName |
        | two replaces of active   |

    Scenario: add, replace and remove on allowed attributes are applied
      When the client patches the user "ada" with an add, a replace and a remove of allowed attributes
      Then the SP serves it
      And the user "ada" shows the patched values

  @req:AWS-PATCH-01 @must
  Rule: A group PATCH touches only displayName, members and externalId

    Scenario Outline: a group PATCH with <variation> is refused
      Given the client has created the group "admins" without members
      When the client patches the group "admins" with <variation>
      Then the SP answers 400 with the profile's error body
      And the group "admins" is unchanged

      Examples:
        | variation            |
        | the operation "copy" |
        | a replace of its id  |

      @reference-only
      Examples: Okta's rename, whose value carries the group's id
        | variation                          |
        | a path-less rename carrying its id |

    Scenario: displayName, externalId and members are patched
      Given the client has created the user "ada"
      And the client has created the user "bob"
      And the client has created the group "admins" with "ada" as a member
      When the client patches the group "admins" with a replace of displayName, an add of externalId, an add and a remove of a member
      Then the SP serves it
      And the group "admins" shows the patched values
