@aws-guide @source:aws-entra @sp:aws @needs:admin
Feature: The event trail
  Every SCIM request, refused ones included, leaves a CloudTrail-shaped event: eventName, eventTime,
  userAgent, and for refusals errorCode and errorMessage.

  Background:
    Given the SP admin has enabled automatic provisioning on a new tenant
    And the client is connected to the tenant with the first access token

  @req:AWS-EVENT-01 @must
  Rule: Every SCIM request, refused ones included, leaves one event in CloudTrail's shape

    Scenario: one event per request, newest first
      Given the client has created the user "ada"
      And the client has created the group "admins" without members
      When the client sends GET for the user "ada"
      And the client sends list for the user "ada"
      And the client sends PATCH for the user "ada"
      And the client sends PUT for the user "ada"
      And the client sends GET for the group "admins"
      And the client sends PATCH for the group "admins"
      And the client creates the user "bob" without a display name
      And the client sends a request with a made-up token
      And the client sends DELETE for the group "admins"
      And the client sends DELETE for the user "ada"
      Then the tenant's event trail holds one event per request the client sent, newest first

    Scenario: a refused multi-valued create reads as CloudTrail shows it
      When the client creates the user "bob" with two emails
      Then the latest "CreateUser" event reads errorCode "ValidationException" and errorMessage "Currently list attributes only allow single item"
