@rfc7643:4.2 @rfc7644:3.5.2
Feature: Group membership
  Members are added and removed by PATCH. Under aws, groups come back without members (AWS-GROUP-01),
  so membership is read with the `id eq … and members eq …` filter; under rfc it is read from the group.
  Every group keeps at least one member, so no scenario depends on what an SP does with an empty group.
  That a deleted user leaves its groups is no RFC requirement (RFC 7644 §3.6 only omits deleted resources
  from query results), so this row is a should: WARN at most.

  @req:RFC-GROUP-01 @should
  Rule: group membership is added and removed by PATCH; a deleted user no longer appears among any group's members

    @needs:patch
    Scenario: members are added and removed by PATCH
      Given the client has created the users "ada, bob, cy"
      And the client has created the group "devs" with the members "ada, bob"
      When the client adds "cy" to the group "devs"
      And the client removes "ada" from the group "devs"
      Then the group "devs" has exactly the members "bob, cy"

    Scenario: a group created with members holds them
      Given the client has created the users "ada, bob"
      When the client creates the group "devs" with the members "ada, bob"
      Then the group "devs" has exactly the members "ada, bob"

    Scenario: a deleted user leaves every group
      Given the client has created the users "ada, bob"
      And the client has created the group "devs" with the members "ada, bob"
      And the client has created the group "ops" with the members "ada, bob"
      When the client has deleted the user "ada"
      Then the group "devs" has exactly the members "bob"
      And the group "ops" has exactly the members "bob"
