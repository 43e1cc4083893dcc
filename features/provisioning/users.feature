@source:aws-provisioning
Feature: The users automatic provisioning accepts
  Every user needs a first name, a last name, a user name and a display name; the primary email is
  unique and marked primary; multi-valued attributes carry one value; renaming keeps a user's identity.

  @req:AP-USER-01 @must @sp:aws
  Rule: A user missing givenName, familyName, userName or displayName is refused with 400 and nothing of it is stored

    Scenario Outline: a user <variation> is refused
      When the client creates the user "ada" <variation>
      Then the SP answers 400 with the profile's error body
      And nothing of "ada" is stored

      Examples:
        | variation              |
        | without a given name   |
        | without a family name  |
        | without a user name    |
        | without a display name |
        | without any name       |

  @req:AP-USER-02 @must @sp:aws
  Rule: The primary email must be marked primary; one IdP value may feed both userName and the primary email

    Scenario Outline: a user <variation> is refused
      When the client creates the user "ada" <variation>
      Then the SP answers 400 with the profile's error body
      And nothing of "ada" is stored

      Examples:
        | variation                              |
        | with an email marked not primary       |
        | with an email carrying no primary flag |

    Scenario: the sign-in identifier may be both the user name and the primary email
      When the client creates the user "ada" with the same value as user name and primary email
      Then the SP accepts it

  @req:AP-USER-03 @must @sp:aws @source:aws-entra
  Rule: More than one value in emails, phoneNumbers, addresses or roles is refused with 400 and nothing is stored

    Scenario Outline: a user <variation> is refused
      When the client creates the user "ada" <variation>
      Then the SP answers 400 with the profile's error body
      And the error detail reads "Request is unparsable, syntactically incorrect, or violates schema."
      And nothing of "ada" is stored

      Examples:
        | variation              |
        | with two emails        |
        | with two phone numbers |
        | with two addresses     |
        | with two roles         |

    Scenario: one value in each of them is accepted
      When the client creates the user "ada" with one email, one phone number, one address and one role
      Then the SP accepts it

  @req:AP-USER-04 @must
  Rule: Renaming a user's userName or email, by PATCH or PUT, keeps its SP id, externalId and group memberships

    Background:
      Given the client has created the user "ada"
      And the client has created the group "engineers" with "ada" as a member, where the SP serves groups

    @needs:patch
    Scenario Outline: changing the <attribute> by PATCH
      When the client changes the <attribute> of "ada" by PATCH
      Then "ada" keeps its SP id, its externalId and its membership of "engineers"

      Examples:
        | attribute |
        | userName  |
        | email     |

    Scenario Outline: changing the <attribute> by PUT
      When the client changes the <attribute> of "ada" by PUT
      Then "ada" keeps its SP id, its externalId and its membership of "engineers"

      Examples:
        | attribute |
        | userName  |
        | email     |

  @req:AP-USER-06 @must @sp:aws
  Rule: User names and primary emails are unique: a second user with either is refused and not stored

    Background:
      Given the client has created the user "ada"

    Scenario: a user with the primary email of another is refused
      When the client creates the user "bob" with the primary email of "ada"
      Then the SP refuses it
      And nothing of "bob" is stored

    Scenario: a user with the user name of another is refused
      When the client creates the user "bob" with the user name of "ada"
      Then the SP refuses it
      And nothing of "bob" is stored

    @reference-only
    Scenario: the reference answers a duplicate primary email with 409
      When the client creates the user "bob" with the primary email of "ada"
      Then the SP answers 409 with the profile's error body
