@sp:rfc @rfc7644:3.4.2.5
Feature: Choosing the attributes of a response
  `attributes` and `excludedAttributes` shape what comes back; id and schemas always come back, and so may
  every attribute the SP's own /Schemas marks `returned: "always"` (RFC 7643 §7).

  @req:RFC-ATTR-01 @should
  Rule: attributes and excludedAttributes shape the response; id and schemas are always returned

    Background:
      Given the client has created the user "ada"

    Scenario: a read asking only for displayName
      When the client reads the user "ada" asking only for "displayName"
      Then the answer holds id, schemas and "displayName" but not "emails, name, userName"

    Scenario: a read excluding emails
      When the client reads the user "ada" excluding "emails"
      Then the answer holds id, schemas and "userName, name" but not "emails"

    Scenario: a list asking only for userName
      When the client lists the user "ada" asking only for "userName"
      Then the answer holds id, schemas and "userName" but not "emails, name, displayName"

    Scenario: a list excluding name and emails
      When the client lists the user "ada" excluding "name, emails"
      Then the answer holds id, schemas and "userName, displayName" but not "name, emails"
