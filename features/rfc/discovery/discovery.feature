@sp:rfc
Feature: Discovery
  /ServiceProviderConfig, /ResourceTypes and /Schemas tell a client what the SP does; what they say must
  match what the SP then does.

  @req:RFC-DISC-01 @must @rfc7644:4 @rfc7643:5
  Rule: the discovery endpoints are served and agree with the SP's behaviour

    Scenario: the service provider configuration is complete
      When the client reads the service provider configuration
      Then the configuration declares each feature, its limits and an authentication scheme

    Scenario: PATCH behaves as patch.supported says
      Given the client has created the user "ada"
      When the client changes a name of "ada" by PATCH
      Then the outcome for "ada" agrees with the advertised PATCH support

    Scenario: a list never exceeds the advertised filter.maxResults
      When the client lists users asking for one more than the advertised maximum
      Then the page holds no more than the advertised maximum

    Scenario: ETags are given as etag.supported says
      Given the client has created the user "ada"
      When the client reads the user "ada"
      Then the answer carries an ETag if ETags are advertised

    @rfc7643:6
    Scenario: /ResourceTypes lists User, and Group where the SP serves groups, with endpoints that answer
      When the client reads the resource types
      Then the resource types include User, and Group where the SP serves groups, each with an endpoint that answers

    @rfc7643:7
    Scenario: /Schemas describes the core User schema
      When the client reads the schemas
      Then the schemas describe the core User schema with userName required, each readable by its id
