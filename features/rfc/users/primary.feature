@rfc7643:2.4
Feature: One primary value
  "primary" marks the preferred value of a multi-valued attribute, and "The primary attribute value 'true'
  MUST appear no more than once" (RFC 7643 §2.4). A client may still send two; the SP refuses them, or keeps
  one primary at most.

  @req:RFC-CREATE-01 @must
  Rule: A multi-valued attribute holds at most one value marked primary

    Scenario: a create marking two emails primary
      When the client creates the user "ada", marking two emails primary
      Then the SP refused it, or "ada" holds at most one primary email
