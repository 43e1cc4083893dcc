Feature: Enabling and disabling automatic provisioning in the console
  The SP admin follows the console procedures of AWS's guides in the reference server's console, in a real browser:
  Settings → Automatic provisioning → Enable shows the "Inbound automatic provisioning" dialog with the SCIM
  endpoint and the first access token; the admin copies both, chooses Close, and pastes them into the IdP,
  removing the endpoint's trailing slash as AWS's IdP guides say. Disabling needs every access token deleted first
  and the typed confirmation DISABLE. Each scenario works on a tenant of its own: the enabling scenario makes it
  with "Create tenant"; the disabling ones start from a tenant enabled through the admin API.

  Background:
    Given the SP admin has signed in to the console

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @source:aws-okta @req:AP-ENABLE-01 @must
  Rule: Enabling in the console at once shows a SCIM endpoint and a first access token, and they work

    Scenario: Settings, Enable, copy the SCIM endpoint and the access token, Close; Okta connects with them
      Given the SP admin has created a tenant in the console
      When the SP admin chooses Settings in the console
      And the SP admin chooses Enable under Automatic provisioning
      Then the console shows the "Inbound automatic provisioning" dialog with the SCIM endpoint and the access token
      And the SCIM endpoint in the dialog ends in "/"
      When the SP admin copies the SCIM endpoint and the access token
      And the SP admin chooses Close
      Then the clipboard held the SCIM endpoint and the access token the dialog shows
      And the Settings page shows automatic provisioning as Enabled
      When Okta's admin pastes the copied SCIM endpoint without its trailing slash and the copied access token, and tests the connection
      Then Okta's connection test succeeds
      And a request with the copied SCIM endpoint, trailing slash removed, and the copied access token succeeds

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @req:AP-DISABLE-01 @must
  Rule: With every access token deleted and DISABLE typed, the console disables provisioning and SCIM requests are refused

    Scenario: delete the last token, then Disable automatic provisioning typing DISABLE
      Given the SP admin has enabled automatic provisioning on a new tenant
      When the SP admin deletes the first access token in the console, typing "DELETE"
      And the SP admin disables automatic provisioning in the console, typing "DISABLE"
      Then the console confirms "Automatic provisioning was disabled."
      And the Settings page shows automatic provisioning as Disabled
      And every request to the tenant's SCIM endpoint is refused with 401

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @req:AP-DISABLE-01 @must @reference-only
  Rule: The console refuses to disable while an access token is left, or without the typed DISABLE, and nothing changes

    Scenario: Disable is refused while a token is left; the token keeps working
      Given the SP admin has enabled automatic provisioning on a new tenant
      When the SP admin disables automatic provisioning in the console, typing "DISABLE"
      Then the console refuses to disable, saying every access token must be deleted first
      And the Settings page shows automatic provisioning as Enabled
      And the first access token still works

    Scenario: Disable without typing DISABLE is refused
      Given the SP admin has enabled automatic provisioning on a new tenant
      When the SP admin deletes the first access token in the console, typing "DELETE"
      And the SP admin disables automatic provisioning in the console, typing "disable"
      Then the console refuses to disable, asking to type DISABLE
      And the Settings page shows automatic provisioning as Enabled
