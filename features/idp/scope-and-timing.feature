@idp @source:aws-provisioning
Feature: What each IdP sends, and when
  Users and groups not assigned to the application are never sent (AP-USER-05); a change in the IdP
  reaches the SP only with that IdP's next push or cycle (AP-SYNC-01).

  @req:AP-USER-05 @must @judges:idp
  Rule: After a full sync the SP holds exactly the assigned users and the members of assigned groups

    Scenario Outline: Okta sends only what is assigned (<dialect>)
      Given Okta is connected to the service provider
      And Okta has the users "ada, bob, carol"
      And Okta has a group "engineers" with the members "bob"
      When Okta assigns "ada" to the app
      And Okta assigns its group "engineers" to the app
      Then the service provider holds exactly the users "ada, bob" of Okta's directory

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

    Scenario Outline: Entra ID sends only what is assigned (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has the users "ada, bob, carol"
      And Entra ID has a group "engineers" with the members "bob"
      When Entra ID assigns "ada" to the app
      And Entra ID assigns its group "engineers" to the app
      And Entra ID runs its next incremental cycle
      Then the service provider holds exactly the users "ada, bob" of Entra ID's directory

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

    Scenario Outline: OneLogin sends only what is assigned (<dialect>)
      Given OneLogin is connected to the service provider
      And OneLogin has the users "ada, bob, carol"
      And OneLogin has a group "engineers" with the members "bob"
      When OneLogin assigns "ada" to the app
      And OneLogin assigns its group "engineers" to the app
      Then the service provider holds exactly the users "ada, bob" of OneLogin's directory

      @idp:onelogin-aws @sp:aws
      Examples: onelogin-aws
        | dialect |
        | onelogin-aws |

      @idp:onelogin-core @sp:rfc
      Examples: onelogin-core
        | dialect |
        | onelogin-core |

      @idp:onelogin-enterprise @sp:rfc
      Examples: onelogin-enterprise
        | dialect |
        | onelogin-enterprise |

  @req:AP-SYNC-01 @must @judges:idp
  Rule: A change reaches the SP only with the IdP's next push or sync cycle

    Scenario Outline: Entra ID holds a change until its next cycle (<dialect>)
      Given Entra ID is connected to the service provider
      And Entra ID has assigned "ada" to the app
      When Entra ID changes the first name of "ada" to "Augusta"
      Then "ada" in the service provider does not have the first name "Augusta" yet
      When Entra ID's clock moves on by 40 minutes
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

    Scenario Outline: Okta pushes a change as it happens (<dialect>)
      Given Okta is connected to the service provider
      And Okta has assigned "ada" to the app
      When Okta changes the first name of "ada" to "Augusta"
      Then "ada" in the service provider has the first name "Augusta"

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
