@aws-guide @sp:aws
Feature: Groups as AWS returns and changes them
  GetGroup and ListGroups always return an empty member list; membership is read with a filter. A create
  carries at most 100 members and a PATCH at most 100 membership changes; replacing or removing every
  member at once is refused.

  @req:AWS-GROUP-01 @must
  Rule: Groups come back with an empty member list; membership is read with id eq "G" and members eq "U"

    Background:
      Given the client has created the user "ada"
      And the client has created the user "bob"
      And the client has created the group "admins" with "ada" as a member

    Scenario: reading a group shows no members
      When the client reads the group "admins"
      Then the group "admins" comes back with an empty member list

    Scenario: listing groups shows no members
      When the client lists the groups named "admins"
      Then the group "admins" comes back with an empty member list

    Scenario: the membership filter tells members from others
      Then the membership filter finds "ada" in "admins"
      And the membership filter does not find "bob" in "admins"

  @req:AWS-GROUP-02 @must
  Rule: At most 100 members per create and 100 membership changes per PATCH

    Scenario: a group created with 101 members is refused and not stored; with 100 it is created
      Given the client has created 101 users
      When the client creates the group "crowd" with 101 of those users as members
      Then the SP answers 400 with the profile's error body
      And no group "crowd" is stored
      When the client creates the group "crowd" with 100 of those users as members
      Then the SP creates it, as it creates any group with members
      And the group "crowd" has 100 members

    Scenario: a PATCH with 101 membership changes is refused and changes nothing; with 100 it is applied
      Given the client has created 101 users
      And the client has created the group "crowd" with 0 of those users as members
      When the client adds 101 of those users to "crowd" in one PATCH
      Then the SP answers 400 with the profile's error body
      And the group "crowd" has 0 members
      When the client adds 100 of those users to "crowd" in one PATCH
      Then the SP serves it
      And the group "crowd" has 100 members

  @req:AWS-GROUP-02 @must
  Rule: Replacing or removing all members at once is refused with 400 and changes nothing

    Background:
      Given the client has created the user "ada"
      And the client has created the user "bob"
      And the client has created the user "carol"
      And the client has created the group "team" with "ada" and "bob" as members

    Scenario: replacing every member is refused
      When the client replaces every member of "team" with "carol"
      Then the SP answers 400 with the profile's error body
      And the group "team" still has exactly the members "ada" and "bob"

    Scenario: removing every member is refused
      When the client removes every member of "team"
      Then the SP answers 400 with the profile's error body
      And the group "team" still has exactly the members "ada" and "bob"
