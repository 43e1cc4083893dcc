@source:aws-provisioning @sp:aws @needs:admin
Feature: Access tokens
  The IdP authenticates with a bearer access token generated in the console. Its secret is shown once;
  at most two exist at a time; deleting one makes it fail at once; it expires a year after its creation;
  rotation generates a new token before the old one is deleted, so provisioning never stops.

  Background:
    Given the SP admin has enabled automatic provisioning on a new tenant

  @req:AP-TOKEN-01 @must
  Rule: A new token's secret is shown once, when it is generated; listings show id, creation date and expiry, never the secret

    Scenario: the secret appears only in the answer to the generation
      When the SP admin generates a new access token
      Then the new token's secret is shown once, in the answer to its generation
      And the token listing shows each token's id, creation date and expiry
      And the new access token works

  @req:AP-TOKEN-02 @must
  Rule: Deleting a token, typing DELETE, makes it fail with 401 from the next request on; the other token keeps working

    Scenario: the deleted token is refused at once and the other keeps working
      Given the SP admin has generated a second access token
      When the SP admin deletes the first access token, typing "DELETE"
      Then the deleted token is refused from the next request on
      And the other access token keeps working
      And the tenant lists 1 access token

    Scenario Outline: deleting without typing DELETE is refused and the token keeps working (<typed>)
      Given the SP admin has generated a second access token
      When the SP admin deletes the first access token, typing "<typed>"
      Then the SP admin's request is refused with the reason
      And the first access token still works
      And the tenant lists 2 access tokens

      Examples:
        | typed   |
        |         |
        | delete  |
        | DISABLE |

  @req:AP-TOKEN-03 @must
  Rule: At most two access tokens exist at a time, expired ones included

    Scenario: a third token is refused until one is deleted
      Given the SP admin has generated a second access token
      When the SP admin generates a new access token
      Then the generation is refused because two tokens exist
      And the tenant lists 2 access tokens
      And the first access token still works
      And the second access token still works
      When the SP admin deletes the first access token, typing "DELETE"
      And the SP admin generates a new access token
      Then the third access token works
      And the tenant lists 2 access tokens

    Scenario: an expired token still counts toward the two
      Given the SP admin has advanced the tenant's clock by 366 days
      And the SP admin has generated a second access token
      When the SP admin generates a new access token
      Then the generation is refused because two tokens exist, expired ones included
      And the tenant lists 2 access tokens

  @req:AP-TOKEN-04 @must
  Rule: Rotation without downtime: generate a new token, switch the IdP to it, test the connection, delete the old one

    Scenario: provisioning goes on through a rotation
      Given the client is connected to the tenant with the first access token
      And the client keeps provisioning users to the tenant
      When the SP admin generates a new access token
      And the client switches to the new access token and tests the connection
      And a provisioning request the client queued before the switch arrives with the first access token
      And the SP admin deletes the first access token, typing "DELETE"
      Then no provisioning request failed during the rotation
      And the new access token still works
      And the tenant lists only the new access token

  @req:AP-TOKEN-05 @must
  Rule: A token expires one year after its creation; an expired token gets 401 and provisioning stops

    Scenario: the listed expiry is the creation date plus one year
      Then the first access token is listed as expiring one year after its creation

    Scenario: the token works until its expiry and is refused from then on
      Given the client is connected to the tenant with the first access token
      When the SP admin advances the tenant's clock by 364 days
      Then the first access token still works
      When the SP admin advances the tenant's clock by 2 days
      Then the first access token is refused with 401 as expired
      When the client creates the user "ada"
      Then the SP answers 401
      When the SP admin has generated a second access token
      And the client switches to the new access token
      Then nothing of "ada" is stored

  @req:AP-TOKEN-06 @should
  Rule: The token's creation date is shown and can be used to pick which token to remove

    Scenario: the older token, picked by its creation date, is removed
      Given the SP admin has advanced the tenant's clock by 30 days
      And the SP admin has generated a second access token
      Then the token listing shows each token's id, creation date and expiry
      When the SP admin deletes the oldest access token, typing "DELETE"
      Then the tenant lists only the second access token
