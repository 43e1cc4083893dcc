@abac @source:aws-onelogin
Feature: Attributes for access control in SAML assertions
  Seed 001, step 3 and "Passing attributes for access control": one Attribute named
  https://aws.amazon.com/SAML/Attributes/AccessControl:{TagKey} per tag, in a signed assertion.

  @req:ABAC-01 @may @sp:aws @needs:admin
  Rule: A signed assertion's AccessControl attributes are read as session tags; an unsigned or tampered one is refused

    Scenario Outline: session tags from a signed assertion, and a tampered one refused (<dialect>)
      Given OneLogin is connected to a tenant of its own
      And the SP admin trusts OneLogin's signing certificate with attributes for access control enabled
      When "ada" signs in through OneLogin with the attributes "CostCenter=blue, Department=Engineering"
      Then the service provider reads the session tags "CostCenter=blue, Department=Engineering"
      When "ada" signs in through OneLogin with a tampered assertion carrying "CostCenter=red"
      Then the service provider refuses the assertion

      @idp:onelogin-aws @sp:aws
      Examples: onelogin-aws
        | dialect |
        | onelogin-aws |
