import { useFormSubmit } from '../../lib/use-form-submit.js';
import {
  Alert,
  Button,
  Checkbox,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import {
  type Decision,
  DECISION_VISIBILITY,
  type Notice,
  type NoticesApi,
  pathErrors,
} from './api.js';

/** The decision form's values as typed. */
export interface DecisionValues {
  contentId: string;
  visibility: string[];
  account: string | null;
  monetary: string | null;
  provision: string | null;
  endDate: string;
  ground: string | null;
  groundReference: string;
  groundExplanation: string;
  facts: string;
  automatedDetection: boolean;
  automatedDecision: string;
  territorialScope: string[];
  redress: string;
}

export const EMPTY_DECISION: DecisionValues = {
  contentId: '',
  visibility: [],
  account: null,
  monetary: null,
  provision: null,
  endDate: '',
  ground: null,
  groundReference: '',
  groundExplanation: '',
  facts: '',
  automatedDetection: false,
  automatedDecision: 'not-automated',
  territorialScope: [],
  redress: '',
};

/**
 * What is wrong with a statement of reasons before it is sent, by field.
 *
 * @example
 * validateDecision({ ...EMPTY_DECISION, visibility: ['removed'] }).ground; // 'A restriction needs its ground…'
 */
export function validateDecision(values: DecisionValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.contentId.trim() === '') {
    errors.contentId = 'Give your platform’s own id of the content (its puid).';
  }
  if (values.facts.trim() === '') {
    errors.facts = 'State the facts and circumstances relied on (DSA Art 17(3)(b)).';
  }
  if (values.territorialScope.length === 0) {
    errors.territorialScope = 'Name at least one country where the decision applies, such as DE.';
  } else {
    const bad = values.territorialScope.find((code) => !/^[A-Z]{2}$/.test(code));
    if (bad) errors.territorialScope = `“${bad}” is not an ISO 3166-1 alpha-2 code such as DE.`;
  }
  const restricts =
    values.visibility.length > 0 || values.account || values.monetary || values.provision;
  if (restricts && !values.ground) {
    errors.ground = 'A restriction needs its ground: illegal content or incompatible content.';
  }
  if (restricts && values.groundReference.trim() === '') {
    errors.groundReference = 'A restriction needs the law provision or terms clause it relies on.';
  }
  if (values.endDate !== '' && Number.isNaN(Date.parse(values.endDate))) {
    errors.endDate = 'A date and time, or empty for an indefinite restriction.';
  }
  return errors;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The statement of reasons the API takes, from the form's values. */
export function decisionBody(values: DecisionValues): Decision {
  return {
    contentId: values.contentId.trim(),
    visibility: values.visibility,
    account: values.account as Decision['account'],
    monetary: values.monetary as Decision['monetary'],
    provision: values.provision as Decision['provision'],
    endDate: values.endDate ? new Date(values.endDate).toISOString() : null,
    ground: values.ground as Decision['ground'],
    groundReference: orNull(values.groundReference),
    groundExplanation: orNull(values.groundExplanation),
    facts: values.facts.trim(),
    automatedDetection: values.automatedDetection,
    automatedDecision: values.automatedDecision as Decision['automatedDecision'],
    territorialScope: values.territorialScope,
    redress: orNull(values.redress),
  };
}

/** The platform's decision on a notice: a DSA Art 17 statement of reasons, checked field by field. */
export function DecideForm({
  notice,
  client,
  onDecided,
}: {
  notice: Notice;
  client: NoticesApi;
  onDecided: (notice: Notice) => void;
}) {
  const [values, setValues] = useState<DecisionValues>(EMPTY_DECISION);
  const { errors, error, busy, submit: submitWith } = useFormSubmit(pathErrors);
  const set = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    return submitWith(
      event,
      () => validateDecision(values),
      async () => {
        onDecided(await client.decide(notice.id, decisionBody(values)));
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="decide-title">
      <Stack maw={820}>
        <Title order={3} id="decide-title">
          Decide: statement of reasons
        </Title>
        <TextInput
          label="Content id on your platform"
          description="Transparency Database puid"
          value={values.contentId}
          onChange={(event) => set('contentId', event.currentTarget.value)}
          error={errors.contentId}
          required
        />
        <MultiSelect
          label="Restrictions of visibility"
          description="Leave empty when the content stays up"
          data={DECISION_VISIBILITY.map((v) => ({ value: v.value, label: v.label }))}
          value={values.visibility}
          onChange={(value) => set('visibility', value)}
          error={errors.visibility}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Account"
            placeholder="Not restricted"
            data={[
              { value: 'suspended', label: 'Suspended' },
              { value: 'terminated', label: 'Terminated' },
            ]}
            value={values.account}
            onChange={(value) => set('account', value)}
            error={errors.account}
            clearable
          />
          <Select
            label="Monetary payments"
            placeholder="Not restricted"
            data={[
              { value: 'suspended', label: 'Suspended' },
              { value: 'terminated', label: 'Terminated' },
              { value: 'other', label: 'Other' },
            ]}
            value={values.monetary}
            onChange={(value) => set('monetary', value)}
            error={errors.monetary}
            clearable
          />
          <Select
            label="Provision of the service"
            placeholder="Not restricted"
            data={[
              { value: 'partial-suspension', label: 'Partly suspended' },
              { value: 'total-suspension', label: 'Suspended' },
              { value: 'partial-termination', label: 'Partly terminated' },
              { value: 'total-termination', label: 'Terminated' },
            ]}
            value={values.provision}
            onChange={(value) => set('provision', value)}
            error={errors.provision}
            clearable
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Ground"
            placeholder="Required for a restriction"
            data={[
              { value: 'illegal-content', label: 'Illegal content' },
              { value: 'incompatible-content', label: 'Incompatible with terms and conditions' },
            ]}
            value={values.ground}
            onChange={(value) => set('ground', value)}
            error={errors.ground}
            clearable
          />
          <TextInput
            label="Law provision or terms clause"
            value={values.groundReference}
            onChange={(event) => set('groundReference', event.currentTarget.value)}
            error={errors.groundReference}
          />
        </SimpleGrid>
        <Textarea
          label="Why the content is illegal or incompatible under that ground"
          autosize
          minRows={2}
          value={values.groundExplanation}
          onChange={(event) => set('groundExplanation', event.currentTarget.value)}
          error={errors.groundExplanation}
        />
        <Textarea
          label="Facts and circumstances relied on"
          description="DSA Art 17(3)(b)"
          autosize
          minRows={3}
          value={values.facts}
          onChange={(event) => set('facts', event.currentTarget.value)}
          error={errors.facts}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TagsInput
            label="Where the decision applies"
            description="ISO 3166-1 alpha-2 codes, then Enter"
            placeholder="DE"
            value={values.territorialScope}
            onChange={(value) =>
              set(
                'territorialScope',
                value.map((code) => code.trim().toUpperCase()),
              )
            }
            error={errors.territorialScope}
            required
          />
          <TextInput
            type="datetime-local"
            label="Restriction ends"
            description="Empty when indefinite"
            value={values.endDate}
            onChange={(event) => set('endDate', event.currentTarget.value)}
            error={errors.endDate}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Automated decision"
            description="DSA Art 17(3)(c)"
            data={[
              { value: 'not-automated', label: 'Not automated' },
              { value: 'partially', label: 'Partly automated' },
              { value: 'fully', label: 'Fully automated' },
            ]}
            value={values.automatedDecision}
            onChange={(value) => value && set('automatedDecision', value)}
            allowDeselect={false}
            error={errors.automatedDecision}
          />
          <Checkbox
            mt="lg"
            label="The content was detected by automated means"
            checked={values.automatedDetection}
            onChange={(event) => set('automatedDetection', event.currentTarget.checked)}
            error={errors.automatedDetection}
          />
        </SimpleGrid>
        <Textarea
          label="Redress available"
          description="DSA Art 17(3)(f): internal complaint, out-of-court settlement, court"
          autosize
          minRows={2}
          value={values.redress}
          onChange={(event) => set('redress', event.currentTarget.value)}
          error={errors.redress}
        />
        {error && (
          <Alert color="red" title="Not decided">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} w={220}>
          Record decision
        </Button>
      </Stack>
    </form>
  );
}
