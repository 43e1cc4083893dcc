@idp @source:aws-entra @source:entra-scim-compatibility @source:entra-capitalised-ops @source:entra-string-booleans @source:entra-member-removal-by-value
Feature: Entra ID's PATCH dialects
  The default job sends capitalised ops, "False" strings and member removal by a value list; the
  aadOptscim062020 flag sends lowercase ops, booleans, folded path-less values and filtered member removal
  (Microsoft's "Known issues and resolutions with SCIM 2.0 protocol compliance").

  @req:ENTRA-PATCH-01 @must
  Rule: Legacy: capitalised ops and filtered paths such as emails[type eq "work"].value are applied

    Scenario Outline: a new first name and a new user name and email (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has assigned "ada" to the app
      When Entra ID changes the first name of "ada" to "Augusta"
      And Entra ID renames the user "ada"
      And Entra ID runs its next incremental cycle
      Then "ada" in the service provider has the first name "Augusta"
      And "ada" in the service provider has the user name Entra ID holds for it
      And the service provider answered every request Entra ID sent with a success

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

  @req:ENTRA-PATCH-02 @must
  Rule: Legacy: disable sends active as the string "False"; the user ends inactive

    Scenario Outline: an unassigned user is disabled with "False" (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has assigned "ada" to the app
      When Entra ID unassigns "ada" from the app
      And Entra ID runs its next incremental cycle
      Then "ada" is inactive in the service provider

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

  @req:ENTRA-PATCH-03 @must
  Rule: aadOptscim062020: lowercase ops, boolean active, simple attributes folded into one path-less op; all applied

    Scenario Outline: folded changes, then a boolean disable (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has assigned "ada" to the app
      When Entra ID changes the first name of "ada" to "Augusta"
      And Entra ID changes the last name of "ada" to "King"
      And Entra ID changes the title of "ada" to "Countess"
      And Entra ID runs its next incremental cycle
      Then "ada" in the service provider has the first name "Augusta"
      And "ada" in the service provider has the last name "King"
      And "ada" in the service provider has the display name "Augusta King"
      And "ada" in the service provider has the title "Countess"
      When Entra ID unassigns "ada" from the app
      And Entra ID runs its next incremental cycle
      Then "ada" is inactive in the service provider

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

      @idp:entra-aadoptscim062020 @sp:aws
      Examples: entra-aadoptscim062020 against an AWS tenant (Tenant URL with ?aadOptscim062020)
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-PATCH-04 @must
  Rule: Legacy member removal with a value list removes only that member, never all members

    Scenario Outline: removing one of two members (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has provisioned its group "engineers" with the members "ada, bob"
      When Entra ID removes "bob" from its group "engineers"
      And Entra ID runs its next incremental cycle
      Then "bob" is not a member of Entra ID's group "engineers" in the service provider
      And "ada" is a member of Entra ID's group "engineers" in the service provider

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

  @req:ENTRA-PATCH-05 @should @sp:rfc
  Rule: The manager is set by a follow-up PATCH after create, its value a bare id string

    Scenario Outline: a user and its manager (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has the users "grace, ada"
      And Entra ID's admin makes "grace" the manager of "ada"
      When Entra ID assigns "grace" to the app
      And Entra ID assigns "ada" to the app
      And Entra ID runs its next incremental cycle
      Then "ada" in the service provider has "grace" as its manager

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |
