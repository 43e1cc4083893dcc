@aws-guide
Feature: A user's identity is its id, not its name
  Deleting a user and creating one with the same name yields a new user: a new id, and none of the old
  one's assignments.

  @req:AWS-ID-01 @must
  Rule: Deleting a user and creating one with the same name yields a new id; old assignments do not carry over

    Scenario: the re-created user is a new user
      Given the client has created the user "ada"
      And the client has created the user "bob"
      And the client has created the group "admins" with "ada" and "bob" as members, where the SP serves groups
      And the client has deleted the user "ada"
      When the client creates the user "ada" again
      Then the new "ada" has a new id and the old id is gone
      And the new "ada" is not a member of "admins"
