@sp:rfc @rfc7644:3.5.2
Feature: Modifying with PATCH
  PATCH is optional in RFC 7644 (patch.supported), though every IdP dialect needs it. An SP that answers
  PATCH with 2xx is judged whatever its discovery says (RFC-DISC-01 names the mismatch).

  @req:RFC-PATCH-01 @may @needs:patch
  Rule: PATCH add, replace and remove work with simple, complex, filtered and extension paths, and without a path; operations RFC 7644 §3.5.2 forbids are refused and change nothing

    Scenario Outline: PATCH to <change>
      Given the client has created the nicknamed user "ada"
      When the client patches "ada" to "<change>"
      Then the patched user shows the change

      @rfc7644:3.5.2.3
      Examples: replace
        | change                                     |
        | replace the displayName                    |
        | replace name.givenName                     |
        | replace the work email's value             |
        | replace the enterprise department          |
        | replace displayName and title without a path |

      @rfc7644:3.5.2.1
      Examples: add
        | change                                     |
        | add a title                                |
        | add a phone number                         |
        | add an enterprise employeeNumber without a path |

      @rfc7644:3.5.2.2
      Examples: remove
        | change                                     |
        | remove the nickName                        |
        | remove the work email                      |

    Scenario Outline: a PATCH with <operation> is refused and changes nothing
      Given the client has created the user "ada"
      When the client patches "ada" with <operation>
      Then the SP refuses it with 400 and changes nothing

      Examples:
        | operation                              |
        | a remove without a path                |
        | an unknown op                          |
        | a replace whose filter matches nothing |
        | a replace of the readOnly id           |

    # Table 9's noTarget names a filter that yields no match, and §3.5.2.2 says of removing a member who is not one that
    # "a success response should be returned": both answers are lawful, and neither may change anything
    @rfc7644:3.5.2.2
    Scenario: a PATCH removing what its filter matches in no value changes nothing
      Given the client has created the user "ada"
      When the client patches "ada" with a remove whose filter matches nothing
      Then the SP refuses it with 400 or answers it as done, and changes nothing

    Scenario: a group PATCH replacing a member the group does not hold is refused and changes nothing
      Given the client has created the users "ada"
      And the client has created the group "devs" with the members "ada"
      When the client patches the members of "devs" with a replace of a member the group does not hold
      Then the SP refuses it with 400 and changes nothing
