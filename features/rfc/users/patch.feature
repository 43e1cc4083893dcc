@rfc7644:3.5.2
Feature: PATCH is atomic
  "Each operation against an attribute MUST be compatible with the attribute's mutability and schema
  ... if any operation fails, the entire PATCH fails and the resource is left unchanged."

  @req:RFC-PATCH-02 @must
  Rule: a PATCH that fails leaves the resource unchanged
    The failing operation is a remove without a path, which RFC 7644 §3.5.2.2 says fails (400 noTarget): no
    referential integrity is assumed. Whether the SP refuses it is RFC-PATCH-01's verdict (aws: AWS-PATCH-01);
    this row judges that the refusal changed nothing.

    Scenario: a user PATCH whose second operation fails
      Given the client has created the user "ada"
      When the client patches "ada" with a valid operation followed by an invalid one
      Then the SP refuses the request with the profile's error body
      And nothing the SP holds has changed

    Scenario: a group PATCH that renames, then adds a member that does not exist
      Given the client has created the users "ada, bob"
      And the client has created the group "devs" with the members "ada, bob"
      When the client renames the group "devs", then removes without a path
      Then the SP refuses the request with the profile's error body
      And nothing the SP holds has changed
