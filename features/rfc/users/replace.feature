@rfc7644:3.5.1
Feature: Replacing a resource with PUT
  PUT replaces the values its body gives, and a null clears one (RFC 7643 §2.5); what the body leaves out
  the SP may clear, default or keep (RFC 7644 §3.5.1). readOnly attributes (id, meta) are ignored. Under aws,
  groups have no PUT (AWS-OPS-01): the group scenario is for rfc only, and so is the null, which AWS's
  documentation does not mention.

  @req:RFC-PUT-01 @must
  Rule: PUT replaces the resource; readOnly attributes are respected
    A successful PUT "returns a 200 OK response code and the entire resource" (RFC 7644 §3.5.1), said without a
    MUST: another 2xx is a should-level finding, and what the replace did is read back either way.

    # What a PUT leaves out the SP may clear, default or keep (RFC 7644 §3.5.1): the log says which.
    Scenario: PUT replaces the values it gives
      Given the client has created the nicknamed user "ada"
      And the client has noted how "ada" looks
      When the client replaces "ada" with a new displayName and without the nickName
      Then the SP accepts the replace, 200 expected
      And the user "ada" has the new displayName
      And the user "ada" keeps its id and creation time

    @sp:rfc
    Scenario: a null in a PUT clears the attribute
      Given the client has given the user "ada" an optional value to clear
      When the client replaces "ada" with a new displayName and that value null
      Then the SP accepts the replace, 200 expected
      And the user "ada" has the new displayName and not that value

    Scenario: readOnly id and meta echoed in a PUT are ignored
      Given the client has created the user "ada"
      And the client has noted how "ada" looks
      When the client replaces "ada" echoing its id and a forged meta
      Then the SP accepts the replace, 200 expected
      And the user "ada" keeps its id and creation time

    @sp:rfc
    Scenario: PUT replaces a group's members
      Given the client has created the users "ada, bob"
      And the client has created the group "devs" with the members "ada"
      When the client replaces the group "devs" with the members "bob"
      Then the SP accepts the replace, 200 expected
      And the group "devs" has exactly the members "bob"
