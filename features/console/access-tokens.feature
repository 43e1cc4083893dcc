Feature: Access tokens in the console
  Under Settings → Automatic provisioning → View details → Access tokens, the SP admin generates a token
  ("Generate new token", then "Show token" in the "Generate new access token" dialog), rotates it while the
  IdP keeps provisioning, and deletes the old one by typing DELETE. The list shows each token's id,
  creation date and expiry, never its secret; at most two tokens exist at a time. What a scenario starts
  from (a tenant with provisioning enabled, a second token) is set up through the admin API: the console's own
  Create tenant and Enable are judged in enabling.feature, and here only the token pages are.

  Background:
    Given the SP admin has enabled automatic provisioning on a new tenant
    And the SP admin has signed in to the console

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @req:AP-TOKEN-01 @must
  Rule: A new token's secret is shown once, behind Show token; the Access tokens list never shows it

    Scenario: Generate new token, Show token; the list shows id, creation date and expiry
      When the SP admin chooses View details next to Provisioning
      And the SP admin chooses Generate new token
      Then the console shows the "Generate new access token" dialog with the token hidden until Show token
      When the SP admin chooses Show token
      Then the dialog shows the new access token
      And the new access token works
      When the SP admin chooses Close
      Then the Access tokens list shows 2 tokens, each with its id, creation date and expiry, never its secret

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @req:AP-TOKEN-06 @should
  Rule: The token's creation date is shown and tells which token to remove

    Scenario: the creation dates in the list order the tokens as they were generated
      Given the SP admin has advanced the tenant's clock by 1 days
      And the SP admin has generated a second access token
      When the SP admin chooses View details next to Provisioning
      Then the Access tokens list's creation dates order the tokens as they were generated

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @req:AP-TOKEN-03 @must
  Rule: At most two access tokens exist at a time; the console refuses a third with a clear message

    Scenario: a third Generate new token is refused while two tokens exist
      Given the SP admin has generated a second access token
      When the SP admin chooses View details next to Provisioning
      And the SP admin chooses Generate new token
      Then the console refuses it, saying at most two access tokens can exist
      And the Access tokens list shows 2 tokens, each with its id, creation date and expiry, never its secret
      And the first access token still works
      And the second access token still works

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @req:AP-TOKEN-02 @must
  Rule: Deleting a token in the console, typing DELETE, makes it fail with 401 at once; the other keeps working

    Scenario: typing DELETE deletes the token
      Given the SP admin has generated a second access token
      When the SP admin deletes the first access token in the console, typing "DELETE"
      Then the console confirms "The access token was deleted."
      And the deleted token is refused from the next request on
      And the other access token keeps working
      And the Access tokens list shows 1 token, each with its id, creation date and expiry, never its secret

    Scenario Outline: a wrong confirmation is refused and the token keeps working (<typed>)
      Given the SP admin has generated a second access token
      When the SP admin deletes the first access token in the console, typing "<typed>"
      Then the console refuses the deletion, asking to type DELETE
      And the first access token still works
      When the SP admin chooses View details next to Provisioning
      Then the Access tokens list shows 2 tokens, each with its id, creation date and expiry, never its secret

      Examples:
        | typed  |
        |        |
        | delete |

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @source:aws-okta @req:AP-TOKEN-04 @must
  Rule: Rotation without downtime: generate a new token, switch the IdP to it, test, then delete the old one

    Scenario: Okta keeps provisioning while its token is rotated in the console
      Given Okta is connected to the tenant with the first access token
      And Okta has assigned the users "ada, grace" to the app
      When the SP admin notes the token ID of the access token in use
      And the SP admin generates a new access token in the console
      And Okta's admin switches to the copied access token and tests the connection
      Then Okta's connection test succeeds
      When the SP admin deletes the noted access token in the console, typing "DELETE"
      Then the console confirms "The access token was deleted."
      And the new access token keeps working
      When Okta assigns "linus" to the app
      Then none of the requests Okta sent failed
