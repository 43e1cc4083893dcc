Feature: A refused write changes nothing
  Before each write the SP should refuse, the scenario notes what the SP holds about its own users and
  groups (each read by id, found by name, its memberships) and about the refused body (found by its
  externalId or userName); after the refusal it reads them again and compares. Whether the SP refuses
  at all is the verdict of the row that owns the case (RFC-CREATE-02, RFC-CREATE-03, RFC-ERR-01,
  RFC-PATCH-02); this row judges what a refusal leaves behind. On an SP that serves users only, the
  user cases are judged on the users alone, and the cases that write to the group are not offered.

  @req:RFC-STATE-01 @must @rfc7644:3.12
  Rule: after every 4xx the SP's state equals its state before the request

    Scenario Outline: <write> is refused and changes nothing
      Given the client has created the users "ada, bob"
      And the client has created the group "devs" with the members "ada, bob", where the SP serves groups
      When the client <write>
      Then if the SP refused it, nothing the SP holds has changed

      Examples: duplicates
        | write                                                        |
        | creates another user with the userName of "ada" exactly      |
        | creates another user with the userName of "bob" in other case |

      Examples: invalid bodies
        | write                                                        |
        | creates a user without a userName                            |
        | creates a group without a displayName                        |
        | replaces "ada" with a body without a userName                |

      Examples: malformed JSON
        | write                                                        |
        | sends malformed JSON to create a user                        |
        | sends malformed JSON to replace "ada"                        |

      Examples: bad PATCH
        | write                                                        |
        | patches "ada" with an operation it cannot apply              |
        | patches "ada" with a valid operation followed by an invalid one |
        | renames the group "devs", then replaces a member it does not hold |
