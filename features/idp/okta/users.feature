@idp @source:aws-okta @source:okta-scim-reference @source:okta-scim-faq
Feature: Okta provisions users
  Users assigned to the app are created, updated and deactivated (AWS's Okta guide, "Okta supports the
  following provisioning features"); Okta never sends DELETE /Users (Okta's SCIM 2.0 reference and SCIM FAQs).

  @req:OKTA-CREATE-01 @must
  Rule: Assigning a user looks it up by userName, then creates it with Okta's body

    Scenario Outline: a newly assigned user is created (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a user "ada"
      When Okta assigns "ada" to the app
      Then "ada" is active in the service provider
      And "ada" in the service provider has Okta's object id as its externalId
      And every lookup Okta sent kept its query string as its dialect writes it
      And the service provider answered every request Okta sent with a success

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

  @req:OKTA-CREATE-02 @must
  Rule: A user the SP already holds is found by the lookup and linked, not created again

    Scenario Outline: the existing account is linked (<dialect>)
      Given the service provider already holds the user "ada"
      And Okta is connected to the service provider
      And Okta has a user "ada"
      When Okta assigns "ada" to the app
      Then Okta has linked "ada" to its account in the service provider
      And Okta sent no create for "ada"

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

  @req:OKTA-ASSIGN-01 @must @judges:idp
  Rule: Assigning a group to the app provisions each of its members (AWS's Okta guide, step 3)

    Scenario Outline: the members of an assigned group are created (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a group "engineers" with the members "ada, bob"
      When Okta assigns its group "engineers" to the app
      Then "ada" is active in the service provider
      And "bob" is active in the service provider

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

  @req:OKTA-UPDATE-01 @must @sp:rfc
  Rule: A profile change is a GET, then a full PUT echoing id, meta and groups, which the SP applies

    Scenario Outline: a changed first name reaches the SP (<dialect>)
      Given Okta is connected to the service provider
      And Okta has assigned "ada" to the app
      When Okta changes the first name of "ada" to "Augusta"
      Then "ada" in the service provider has the first name "Augusta"
      And the service provider answered every request Okta sent with a success

      @idp:okta-oin @sp:rfc
      Examples: okta-oin
        | dialect |
        | okta-oin |

      @idp:okta-aiw @sp:rfc
      Examples: okta-aiw
        | dialect |
        | okta-aiw |

  @req:OKTA-DEACT-01 @must
  Rule: Unassigning a user deactivates it (path-less replace for OIN, PUT for AIW); it is never deleted

    Scenario Outline: an unassigned user is disabled, not deleted (<dialect>)
      Given Okta is connected to the service provider
      And Okta has assigned "ada" to the app
      When Okta unassigns "ada" from the app
      Then "ada" is inactive in the service provider
      And Okta sent no DELETE for "ada"

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

  @req:OKTA-REACT-01 @must
  Rule: Re-assigning reactivates the same user

    Scenario Outline: the same user comes back active (<dialect>)
      Given Okta is connected to the service provider
      And Okta has assigned "ada" to the app
      When Okta unassigns "ada" from the app
      And Okta assigns "ada" to the app
      Then "ada" is active in the service provider
      And "ada" keeps the same id in the service provider

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

  @req:OKTA-ADDR-01 @must @sp:aws
  Rule: An address missing any of its five parts is refused by AWS; with all five it is provisioned

    Scenario Outline: a partial address is refused, a full one accepted (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a user "ada" with a partial address
      And Okta has a user "bob" with a full address
      When Okta assigns "ada" to the app
      And Okta assigns "bob" to the app
      Then "ada" does not exist in the service provider
      And Okta's log shows "Errors reported by remote server: Request is unparsable, syntactically incorrect, or violates schema."
      And "bob" is active in the service provider

      @idp:okta-aws @sp:aws
      Examples: okta-aws
        | dialect |
        | okta-aws |

  @req:OKTA-ENT-01 @must @sp:aws
  Rule: Entitlements and roles are not synced to AWS: the Okta mock never sends them, and an aws SP refuses entitlements

    Scenario Outline: a user with entitlements is provisioned without them (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a user "ada" with entitlements and roles
      When Okta assigns "ada" to the app
      Then "ada" is active in the service provider
      And Okta sent no entitlements or roles for "ada"

      @idp:okta-aws @sp:aws
      Examples: okta-aws
        | dialect |
        | okta-aws |

    Scenario: the SP's half: an aws SP refuses a user with entitlements, and stores nothing of it
      When the client creates the user "ada" with an entitlement
      Then the SP answers 400 with the profile's error body
      And nothing of "ada" is stored

  @req:OKTA-ERR-01 @must @judges:idp
  Rule: A 400 from the SP shows in Okta's log in Okta's words, with the SP's detail

    Scenario Outline: the troubleshooting entry "Error during synchronization" of AWS's Okta guide (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a user "ada"
      And the service provider refuses Okta's next POST with 400 "Request is unparsable, syntactically incorrect, or violates schema."
      When Okta assigns "ada" to the app
      Then Okta's log shows "to app"
      And Okta's log shows "failed: Error while trying to push profile update for"
      And Okta's log shows the service provider's error for "ada"
      And Okta lists a task for "ada"

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

    Scenario Outline: the real refusal of a partial address, as AWS's Okta guide shows it (<dialect>)
      Given Okta is connected to the service provider
      And Okta has a user "ada" with a partial address
      When Okta assigns "ada" to the app
      Then Okta's log shows the service provider's error for "ada"
      And Okta's log shows "Bad Request. Errors reported by remote server: Request is unparsable, syntactically incorrect, or violates schema."

      @idp:okta-aws @sp:aws
      Examples: okta-aws
        | dialect |
        | okta-aws |

  @req:OKTA-RATE-01 @should @judges:idp
  Rule: On 429 with Retry-After Okta waits and reschedules; other failures become tasks for a manual retry

    Scenario Outline: a throttled push is retried after the wait, a failed one waits in Tasks (<dialect>)
      Given Okta is connected to the service provider
      And Okta has the users "ada, bob"
      And the service provider answers Okta's next 1 request with 429 and Retry-After 1
      When Okta assigns "ada" to the app
      Then "ada" is active in the service provider
      And Okta waited as the service provider asked before retrying
      Given the service provider answers Okta's next 1 request with 503
      When Okta assigns "bob" to the app
      Then Okta lists a task for "bob"
      When Okta's admin clicks "Retry selected tasks"
      Then "bob" is active in the service provider
      And Okta lists no task

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
