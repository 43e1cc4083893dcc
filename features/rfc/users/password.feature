@rfc7643:4.1.1
Feature: Passwords are never returned
  A client may set a user's password, and the SP may keep it, but never return it: "The cleartext value or
  the hashed value of a password SHALL NOT be returnable by a service provider" (RFC 7643 §4.1.1). An SP
  that keeps no password and refuses one has nothing to return.

  @req:RFC-CREATE-01 @must
  Rule: A password a client sends is never returned, in clear or hashed

    Scenario: the password of a created user is in no answer
      When the client creates the user "ada", setting a password
      Then the answer to the create holds no password of "ada"
      When the client reads the user "ada"
      Then the answer holds no password of "ada"
      When the client looks "ada" up by its userName
      Then the listing holds no password of "ada"
