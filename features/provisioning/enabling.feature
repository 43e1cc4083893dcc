@source:aws-provisioning @sp:aws @needs:admin
Feature: Enabling and disabling automatic provisioning
  Choosing "Enable automatic provisioning" at once enables it and shows the SCIM endpoint and an access
  token to paste into the IdP. Disabling it needs every access token deleted first and the typed
  confirmation DISABLE. A tenant's SCIM path answers nothing while provisioning is off.

  @req:AP-ENABLE-01 @must
  Rule: Enabling automatic provisioning at once yields a SCIM endpoint and a first access token

    Scenario: the endpoint and the first token come with enabling, and the token works at once
      Given the SP admin has created a new tenant without enabling automatic provisioning
      When the SP admin enables automatic provisioning on it
      Then the SP admin is shown the tenant's SCIM endpoint and a first access token
      And the first access token works

  @req:AP-ENABLE-01 @must @reference-only
  Rule: While automatic provisioning is off, the tenant's SCIM path answers 401

    Scenario: a tenant without provisioning refuses every request
      Given the SP admin has created a new tenant without enabling automatic provisioning
      Then every request to the tenant's SCIM endpoint is refused with 401

  @req:AP-DISABLE-01 @must
  Rule: With every token deleted and DISABLE typed, provisioning is disabled and SCIM requests are refused

    Scenario: disabling after deleting the only token
      Given the SP admin has enabled automatic provisioning on a new tenant
      And the SP admin has deleted the first access token
      When the SP admin disables automatic provisioning, typing "DISABLE"
      Then automatic provisioning is disabled
      And every request to the tenant's SCIM endpoint is refused with 401

  @req:AP-DISABLE-01 @must @reference-only
  Rule: Disabling is refused while a token exists or without the typed confirmation, and nothing changes

    Scenario: disabling while an access token still exists is refused
      Given the SP admin has enabled automatic provisioning on a new tenant
      When the SP admin disables automatic provisioning, typing "DISABLE"
      Then the SP admin's request is refused with the reason
      And automatic provisioning is still enabled
      And the first access token still works

    Scenario Outline: disabling without typing DISABLE is refused (<typed>)
      Given the SP admin has enabled automatic provisioning on a new tenant
      And the SP admin has deleted the first access token
      When the SP admin disables automatic provisioning, typing "<typed>"
      Then the SP admin's request is refused with the reason
      And automatic provisioning is still enabled

      Examples:
        | typed   |
        |         |
        | disable |
        | DELETE  |
