Feature: What the IdP synchronised, in the console
  After connecting the IdP, AWS's IdP guides tell the admin to "return to the console and choose Users": the
  Users and Groups pages show what the IdP synchronised, and the Events page lists the requests it sent. (The
  copy of the endpoint and the token from the console is judged in enabling.feature; here the IdP connects with
  the tenant's first token from the admin API.)

  Background:
    Given the SP admin has enabled automatic provisioning on a new tenant
    And Okta is connected to the tenant with the first access token
    And the SP admin has signed in to the console
    And Okta has assigned the users "ada, grace" to the app
    And Okta has a user "linus"
    And Okta has provisioned its group "engineers" with the members "ada, grace"

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @source:aws-okta @req:AP-USER-05 @must @judges:idp @idp:okta-aws
  Rule: After a sync the SP holds exactly the assigned users (and the pushed group), as its console shows

    Scenario: choose Users, then Groups
      When the SP admin chooses Users in the console
      Then the Users page lists "ada" and "grace" with the user name, display name and active state Okta sent
      And the Users page does not list "linus"
      When the SP admin chooses Groups in the console
      Then the Groups page lists "engineers" with 2 members

  @console @needs:browser @needs:admin @sp:aws @source:aws-provisioning @source:aws-entra @req:AWS-EVENT-01 @must
  Rule: Every SCIM request leaves an event: the Events page lists what the IdP sent

    Scenario: choose Events
      When the SP admin chooses Events in the console
      Then the Events page lists a "CreateUser" event for each "POST /Users" request Okta sent, with its user agent
      And the Events page lists a "CreateGroup" event for each "POST /Groups" request Okta sent, with its user agent
