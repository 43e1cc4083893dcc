import { defineParameterType } from '@cucumber/cucumber';

// {actor}: who acts in a step. Names are the cast's roles; an IdP's name selects its dialect.
defineParameterType({
  name: 'actor',
  regexp: /the client|the SP admin|Okta|Entra ID|OneLogin|the IdP/,
  transformer: (s: string) => s,
});
