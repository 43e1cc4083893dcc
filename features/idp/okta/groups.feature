@idp @source:aws-okta @source:okta-filtered-member-removal @source:okta-id-in-group-rename
Feature: Okta pushes groups
  Push Groups creates the group and keeps its membership in step (Okta's SCIM 2.0 reference:
  members removed by a filtered path, the group's id sent in each rename);
  the group shows "Active" once pushed (AWS's Okta guide, step 3).

  @req:OKTA-PUSH-01 @must
  Rule: Group Push creates the group and keeps its membership in step with add and remove PATCHes

    Scenario Outline: a pushed group and a member removed from it (<dialect>)
      Given Okta is connected to the service provider
      And Okta has assigned the users "ada, bob" to the app
      And Okta has a group "engineers" with the members "ada, bob"
      When Okta pushes its group "engineers"
      Then Okta shows the pushed group "engineers" as "Active"
      And "ada" is a member of Okta's group "engineers" in the service provider
      And "bob" is a member of Okta's group "engineers" in the service provider
      When Okta removes "bob" from its group "engineers"
      Then "bob" is not a member of Okta's group "engineers" in the service provider
      And "ada" is a member of Okta's group "engineers" in the service provider

      @idp:okta-aws @sp:aws
      Examples: okta-aws
        | dialect |
        | okta-aws |

      @idp:okta-oin @sp:rfc
      Examples: okta-oin
        | dialect |
        | okta-oin |

      @idp:okta-aiw @sp:rfc
      Examples: okta-aiw
        | dialect |
        | okta-aiw |

  @req:OKTA-PUSH-02 @should @sp:rfc
  Rule: A rename is a path-less replace carrying the group's own id, re-sent with every membership change; the SP accepts it

    Scenario Outline: renaming a pushed group, then changing its members (<dialect>)
      Given Okta is connected to the service provider
      And Okta has assigned the users "ada, bob" to the app
      And Okta has a group "engineers" with the members "ada"
      And Okta pushes its group "engineers"
      When Okta renames its group "engineers" to "platform"
      Then Okta's group "engineers" exists in the service provider under its new name
      When Okta adds "bob" to its group "engineers"
      Then "bob" is a member of Okta's group "engineers" in the service provider
      And the service provider answered every request Okta sent with a success

      @idp:okta-oin @sp:rfc
      Examples: okta-oin
        | dialect |
        | okta-oin |

  @req:OKTA-PUSH-03 @should @judges:idp
  Rule: The same group for assignment and push is not supported; Okta warns, and a separate push group is the remedy

    Scenario Outline: assigning and pushing one group, then the documented remedy (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a group "engineers" with the members "ada"
      And Okta assigns its group "engineers" to the app
      When Okta pushes its group "engineers"
      Then Okta's log shows "Using the same Okta group for assignments and for group push is not currently supported"
      Given Okta has a group "engineers-push" with the members "ada"
      When Okta pushes its group "engineers-push"
      Then "ada" is a member of Okta's group "engineers-push" in the service provider

      @idp:okta-aws @sp:aws
      Examples: okta-aws
        | dialect |
        | okta-aws |

      @idp:okta-oin @sp:rfc
      Examples: okta-oin
        | dialect |
        | okta-oin |

      @idp:okta-aiw @sp:rfc
      Examples: okta-aiw
        | dialect |
        | okta-aiw |
