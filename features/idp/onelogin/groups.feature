@idp @source:aws-onelogin
Feature: OneLogin provisions roles as groups
  Groups are provisioned only with "Include in User Provisioning" on the Groups parameter; OneLogin never
  deletes a group; a group deleted in the SP first breaks the sync (AWS's OneLogin guide, Troubleshooting).

  @req:OL-GROUP-01 @must @judges:idp
  Rule: Groups are provisioned only when "Include in User Provisioning" is set; each role becomes a group

    Scenario Outline: AWS's OneLogin guide, troubleshooting entry "Groups are not provisioned" (<dialect>)
      Given OneLogin is connected to the service provider
      And OneLogin has a group "engineers" with the members "ada"
      And OneLogin's Groups parameter has "Include in User Provisioning" cleared
      When OneLogin assigns "ada" to the app
      And OneLogin assigns its group "engineers" to the app
      Then OneLogin's group "engineers" does not exist in the service provider
      When OneLogin's admin selects "Include in User Provisioning" on the Groups parameter
      And OneLogin's admin clicks "Reapply entitlement mappings"
      Then OneLogin's group "engineers" exists in the service provider
      And "ada" is a member of OneLogin's group "engineers" in the service provider

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

  @req:OL-GROUP-02 @must
  Rule: OneLogin never deletes a group: a group emptied and deleted in OneLogin stays in the SP

    Scenario Outline: AWS's OneLogin guide, troubleshooting entry "I've deleted or disabled a group in OneLogin" (<dialect>)
      Given OneLogin is connected to the service provider
      And OneLogin has provisioned its group "engineers" with the members "ada, bob"
      When OneLogin removes "ada" from its group "engineers"
      And OneLogin removes "bob" from its group "engineers"
      And OneLogin deletes its group "engineers"
      Then OneLogin's group "engineers" still exists in the service provider
      And OneLogin sent no DELETE for its groups

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

  @req:OL-GROUP-03 @must
  Rule: A group deleted in the SP breaks its membership sync; Refresh entitlements and Reapply recreate it with a new id

    Scenario Outline: AWS's OneLogin guide, troubleshooting entry "I deleted a group without first deleting it from OneLogin" (<dialect>)
      Given OneLogin is connected to the service provider
      And OneLogin has provisioned its group "engineers" with the members "ada"
      When the SP admin deletes OneLogin's group "engineers" in the service provider
      And OneLogin adds "bob" to its group "engineers"
      Then OneLogin's log shows "Provisioning error"
      When OneLogin's admin clicks "Refresh entitlements"
      And OneLogin's admin clicks "Reapply entitlement mappings"
      Then OneLogin's group "engineers" was recreated in the service provider with a new id
      And "ada" is a member of OneLogin's group "engineers" in the service provider
      And "bob" is a member of OneLogin's group "engineers" in the service provider

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
