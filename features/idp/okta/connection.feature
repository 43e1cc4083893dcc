@idp @source:aws-okta @source:okta-scim-reference
Feature: Okta connects to the service provider
  AWS's Okta guide, step 2: paste the SCIM endpoint into Base URL with the trailing slash removed, paste the token,
  choose "Test API Credentials". Okta's probes are constant: GET /Users?startIndex=1&count=2 and
  GET /Groups?startIndex=1&count=100 (Okta's SCIM 2.0 reference).

  @req:AP-ENABLE-02 @must @sp:aws @judges:idp @needs:admin
  Rule: The endpoint as the SP shows it ends in "/"; Okta refuses it with "Does not match required pattern", and connects once it is removed

    Scenario Outline: Okta's Base URL with and without the trailing slash (<dialect>)
      Given the SP admin has enabled automatic provisioning on a new tenant
      When Okta's admin pastes the SCIM endpoint as the service provider shows it
      Then Okta's console shows "Does not match required pattern"
      When Okta's admin pastes the SCIM endpoint with its trailing slash removed
      Then Okta's connection test succeeds
      And Okta's console shows "was verified successfully!"

      @idp:okta-aws @sp:aws
      Examples: okta-aws
        | dialect |
        | okta-aws |

    Scenario Outline: OneLogin connects with the trailing slash removed (<dialect>)
      Given the SP admin has enabled automatic provisioning on a new tenant
      When OneLogin's admin pastes the SCIM endpoint with its trailing slash removed
      Then OneLogin's connection test succeeds

      @idp:onelogin-aws @sp:aws
      Examples: onelogin-aws
        | dialect |
        | onelogin-aws |

  @req:OKTA-CRED-01 @must
  Rule: "Test API Credentials" sends Okta's two probes and succeeds only with a valid endpoint and token

    Scenario Outline: the probes succeed with the right token and fail with a wrong one (<dialect>)
      Given Okta is connected to the service provider
      When Okta's admin clicks "Test API Credentials"
      Then Okta's console shows "was verified successfully!"
      And the service provider answered every request Okta sent with a success
      When Okta's admin pastes a wrong token and tests the connection
      Then Okta's connection test fails

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
