@aws-guide @sp:aws
Feature: The tenant id in the SCIM endpoint
  The endpoint is https://scim.<region>.amazonaws.com/<tenantId>/scim/v2; a token belongs to one tenant.

  @req:AWS-TENANT-01 @must
  Rule: A valid token used with another tenant's id, or an unknown tenant id, is 401 and reveals nothing of either tenant

    @needs:admin
    Scenario: one tenant's token on another tenant's endpoint is refused and changes nothing
      Given the SP admin has enabled automatic provisioning on two new tenants
      And the client is connected to the first tenant
      And the client has created the user "ada"
      When the client uses the first tenant's token on the second tenant's endpoint
      Then every one of those requests is refused with 401, revealing nothing of either tenant
      And nothing of "bob" is stored on the second tenant
      And nothing of "bob" is stored on the first tenant

    Scenario: a valid token on an unknown tenant's endpoint is refused
      Given the client has created the user "ada"
      When the client uses its token on an unknown tenant's endpoint
      Then every one of those requests is refused with 401, revealing nothing of either tenant
