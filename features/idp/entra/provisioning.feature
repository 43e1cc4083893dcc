@idp @source:aws-entra @source:entra-how-provisioning-works
Feature: Entra ID provisions users and groups
  Admin Credentials (Tenant URL, Secret Token, "Test Connection"), the attribute mapping, Provisioning
  Status On, assignments, and sync cycles about every 40 minutes (AWS's Entra ID guide;
  Microsoft's "How application provisioning works").

  @req:ENTRA-CONN-01 @must
  Rule: "Test Connection" looks up a random GUID with no Content-Type and expects an empty list

    Scenario Outline: the connection test passes with the right token and fails with a wrong one (<dialect>)
      Given Entra ID is connected to the service provider
      When Entra ID's admin clicks "Test Connection"
      Then Entra ID's console shows "The supplied credentials are authorized to enable provisioning"
      And Entra ID sent its GET requests without a Content-Type
      When Entra ID's admin pastes a wrong token and tests the connection
      Then Entra ID's connection test fails

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-MAP-01 @must @sp:aws @needs:admin
  Rule: With the default mapping, several phone numbers are refused with the documented 400; deleting the fax and mobile mappings fixes it

    Scenario Outline: the troubleshooting entry "Azure AD users are not synchronizing" of AWS's Entra ID guide (<dialect>)
      Given Entra ID is connected to a tenant of its own
      And Entra ID has a user "ada" with a work, a mobile and a fax number
      When Entra ID assigns "ada" to the app
      And Entra ID runs its next incremental cycle
      Then "ada" does not exist in the service provider
      And the SP refused "ada" with the body "{\"schema\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"detail\":\"Request is unparsable, syntactically incorrect, or violates schema.\",\"status\":\"400\"}"
      And Entra ID's log shows the service provider's error body as the status reason for "ada"
      And the service provider's event trail shows "Currently list attributes only allow single item" for "CreateUser"
      When Entra ID's admin deletes the attribute mapping of "facsimileTelephoneNumber"
      And Entra ID's admin deletes the attribute mapping of "mobile"
      And Entra ID runs its next incremental cycle
      Then "ada" is active in the service provider

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

  @req:ENTRA-MAP-02 @must
  Rule: With objectId as the source of externalId, each user has a stable externalId and keeps its SP id when renamed

    Scenario Outline: the mapping change of AWS's Entra ID guide, then a rename (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID's admin changes the source attribute of "externalId" to "objectId"
      And Entra ID has assigned "ada" to the app
      Then "ada" in the service provider has Entra ID's object id as its externalId
      When Entra ID renames the user "ada"
      And Entra ID runs its next incremental cycle
      Then "ada" in the service provider has the user name Entra ID holds for it
      And "ada" keeps the same id in the service provider

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-CYCLE-01 @must @judges:idp
  Rule: The initial cycle runs when provisioning is turned on; incremental cycles follow every 40 minutes

    Scenario Outline: nothing moves between cycles (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID's admin sets Provisioning Status to Off
      And Entra ID has a user "ada"
      When Entra ID assigns "ada" to the app
      Then "ada" does not exist in the service provider
      When Entra ID's admin sets Provisioning Status to On
      Then "ada" is active in the service provider
      And Entra ID's next cycle is due 40 minutes after the last one
      When Entra ID changes the first name of "ada" to "Augusta"
      And Entra ID's clock moves on by 39 minutes
      Then "ada" in the service provider does not have the first name "Augusta" yet
      When Entra ID's clock moves on by 1 minute
      Then "ada" in the service provider has the first name "Augusta"

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-ASSIGN-01 @must @judges:idp
  Rule: Only assigned users and groups, and the members of assigned groups, are provisioned

    Scenario Outline: an unassigned user stays out (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has the users "ada, bob, carol"
      And Entra ID has a group "engineers" with the members "bob"
      When Entra ID assigns "ada" to the app
      And Entra ID assigns its group "engineers" to the app
      And Entra ID runs its next incremental cycle
      Then the service provider holds exactly the users "ada, bob" of Entra ID's directory
      And "bob" is a member of Entra ID's group "engineers" in the service provider

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-NAMES-01 @must @sp:aws
  Rule: Users without First name, Last name and Display name are not provisioned (AWS's Entra ID guide, "Important")

    Scenario Outline: a user without names is refused (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has a user "ada" with no first name, last name or display name
      When Entra ID assigns "ada" to the app
      And Entra ID runs its next incremental cycle
      Then "ada" does not exist in the service provider
      And Entra ID's log shows the service provider's error body as the status reason for "ada"

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

  @req:ENTRA-ERR-01 @must @judges:idp
  Rule: A refused export shows in the provisioning log with the SP's error body as its status reason; successes are logged too

    Scenario Outline: one export refused, one accepted (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has the users "ada, bob"
      And the service provider refuses Entra ID's next POST with 400 "Request is unparsable, syntactically incorrect, or violates schema."
      When Entra ID assigns "ada" to the app
      And Entra ID runs its next incremental cycle
      Then Entra ID's log shows the service provider's error body as the status reason for "ada"
      When Entra ID assigns "bob" to the app
      And Entra ID runs its next incremental cycle
      Then Entra ID's log shows a success for "bob"

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-GROUP-01 @must
  Rule: Groups are created without members, then filled by PATCH; reads with excludedAttributes=members are answered

    Scenario Outline: an assigned group and its members (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has a group "engineers" with the members "ada, bob"
      When Entra ID assigns its group "engineers" to the app
      And Entra ID runs its next incremental cycle
      Then Entra ID's group "engineers" exists in the service provider
      And "ada" is a member of Entra ID's group "engineers" in the service provider
      And "bob" is a member of Entra ID's group "engineers" in the service provider
      And the service provider answered every request Entra ID sent with a success

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-DEL-01 @must
  Rule: Unassignment or soft delete disables the user; DELETE comes only with the hard delete, 30 days later

    Scenario Outline: unassigned, then deleted, then gone after 30 days (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has assigned the users "ada, bob" to the app
      When Entra ID unassigns "ada" from the app
      And Entra ID deletes "bob"
      And Entra ID runs its next incremental cycle
      Then "ada" is inactive in the service provider
      And "bob" is inactive in the service provider
      And Entra ID sent no DELETE for "ada"
      And Entra ID sent no DELETE for "bob"
      When Entra ID's clock moves on by 29 days
      Then "bob" is inactive in the service provider
      When Entra ID's clock moves on by 1 day
      Then "bob" does not exist in the service provider
      And Entra ID sent a DELETE for "bob"
      And "ada" is inactive in the service provider

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |

  @req:ENTRA-RETRY-01 @should @judges:idp
  Rule: Failed operations are retried in later cycles; most calls failing quarantines the job; 429 Retry-After is honoured

    Scenario Outline: throttled, escrowed, quarantined (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has the users "ada, bob, carol, dan"
      And the service provider answers Entra ID's next 1 request with 429 and Retry-After 1
      When Entra ID assigns "ada" to the app
      And Entra ID runs its next incremental cycle
      Then "ada" is active in the service provider
      And Entra ID waited as the service provider asked before retrying
      Given the service provider refuses Entra ID's next POST with 503 "The service is unavailable"
      When Entra ID assigns "bob" to the app
      And Entra ID runs its next incremental cycle
      Then "bob" does not exist in the service provider
      When Entra ID runs its next incremental cycle
      Then "bob" is active in the service provider
      When Entra ID's admin replaces the token with a wrong one
      And Entra ID assigns "carol" to the app
      And Entra ID assigns "dan" to the app
      And Entra ID runs its next incremental cycle
      Then Entra ID is in quarantine
      And Entra ID's next cycle is due in 24 hours
      When Entra ID's admin restores the right token
      And Entra ID runs its next incremental cycle
      Then "carol" is active in the service provider
      And Entra ID is not in quarantine

      @idp:entra-aws @sp:aws
      Examples: entra-aws
        | dialect |
        | entra-aws |

      @idp:entra-legacy @sp:rfc
      Examples: entra-legacy
        | dialect |
        | entra-legacy |

      @idp:entra-aadoptscim062020 @sp:rfc
      Examples: entra-aadoptscim062020
        | dialect |
        | entra-aadoptscim062020 |
