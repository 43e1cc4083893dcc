@rfc7644:3.5.2
Feature: PATCH is atomic
  "Each operation against an attribute MUST be compatible with the attribute's mutability and schema
  ... if any operation fails, the entire PATCH fails and the resource is left unchanged."

  @req:RFC-PATCH-02 @must @needs:patch
  Rule: a PATCH that fails leaves the resource unchanged
    The failing operation is a replace whose value filter matches nothing, which RFC 7644 §3.5.2.3 says SHALL
    fail (400 noTarget); it fails only when applied, so an SP that applies operations one by one is caught.
    No referential integrity is assumed. Whether the SP refuses it is RFC-PATCH-01's verdict (aws: AWS-PATCH-01);
    this row judges that the refusal changed nothing. An SP that serves no PATCH (RFC 7644 makes it optional)
    has nothing to judge here: UNSUPPORTED.

    Scenario: a user PATCH whose second operation fails
      Given the client has created the user "ada"
      When the client patches "ada" with a valid operation followed by an invalid one
      Then the SP refuses the request with the profile's error body
      And nothing the SP holds has changed

    Scenario: a group PATCH that renames, then replaces a member the group does not hold
      Given the client has created the users "ada, bob"
      And the client has created the group "devs" with the members "ada, bob"
      When the client renames the group "devs", then replaces a member it does not hold
      Then the SP refuses the request with the profile's error body
      And nothing the SP holds has changed
