// Plans of any size in the shape of real plans (the classic codev template, which the corpus uses most): metadata,
// summary, a phases JSON block, phases with every subsection, checkboxes, code, tables, a dependency map, risks.
// Deterministic, so that before/after runs compare the same text.

function phase(i: number): string {
  const deps = i === 1 ? 'None' : i % 5 === 0 ? `Phase ${i - 1}, Phase ${Math.max(1, i - 3)}` : `Phase ${i - 1}`;
  return `### Phase ${i}: Component ${i} — storage, wiring and tests
**Dependencies**: ${deps}

#### Objectives
- Deliver component ${i} so that the next phase can build on a tested interface.
- Keep the public API of module ${i} stable; record every change in the change log.

#### Deliverables
- [x] \`src/component${i}/index.ts\` with the interface and a first implementation
- [ ] Unit tests for the happy path and the three known edge cases
- [ ] Documentation of the configuration keys in \`docs/component${i}.md\`

#### Implementation Details
The component reads its configuration once at start-up and exposes a small, synchronous API. Long work is pushed
to a queue drained by a worker, so callers never wait on I/O. Errors carry the **operation**, the _input_ and a
hint, and are logged once at the boundary.

\`\`\`ts
export interface Component${i} {
  start(config: Config): Promise<void>;
  handle(input: Input): Result;
}
\`\`\`

#### Acceptance Criteria
- [ ] p95 latency of \`handle\` under 5 ms with 1,000 queued items
- [ ] All tests pass

#### Test Plan
- **Unit Tests**: parsing, validation, the queue's back-pressure
- **Integration Tests**: start, handle 10,000 inputs, stop
- **Manual Testing**: run the demo script and read the log

#### Rollback Strategy
Disable the feature flag \`component${i}\`; the previous code path stays in place until Phase ${i + 2}.

#### Risks
- **Risk**: the queue grows without bound under a slow consumer
  - **Mitigation**: a bounded queue with a metric and an alert at 80%

| Risk | Probability | Impact | Mitigation |
|------|-------------|--------|------------|
| Slow consumer | Medium | High | Bounded queue |
| Config drift | Low | Medium | Validate at start-up |

---
`;
}

export function generatePlan(targetLines: number): string {
  const head = `# Plan: Generated plan of about ${targetLines} lines

## Metadata
- **ID**: 0042
- **Status**: draft
- **Specification**: [codev/specs/0042-generated.md](../specs/0042-generated.md)
- **Created**: 2026-11-25

## Executive Summary
A generated plan in the shape of the classic template, used to time parsing and checking.

## Success Metrics
- [ ] All specification criteria met
- [ ] Test coverage >90%

`;
  const perPhase = phase(1).split('\n').length;
  const n = Math.max(2, Math.round((targetLines - 60) / perPhase));
  const phases = Array.from({ length: n }, (_, k) => phase(k + 1)).join('\n');
  const json = `## Phases (Machine Readable)

\`\`\`json
{
  "phases": [
${Array.from({ length: n }, (_, k) => `    {"id": "phase_${k + 1}", "title": "Component ${k + 1} — storage, wiring and tests"}`).join(',\n')}
  ]
}
\`\`\`

`;
  const map = Array.from({ length: n - 1 }, (_, k) => `Phase ${k + 1} ──→ Phase ${k + 2}`).join('\n');
  const tail = `
## Dependency Map
\`\`\`
${map}
\`\`\`

## Risk Analysis
### Technical Risks
| Risk | Probability | Impact | Mitigation | Owner |
|------|------------|--------|------------|-------|
| Schema migration fails halfway | Low | High | Transactional steps | Data |

## Validation Checkpoints
1. **After Phase 1**: the interface is reviewed

## Documentation Updates Required
- [ ] Runbooks

## Change Log
| Date | Change | Reason | Author |
|------|--------|--------|--------|
| 2026-11-25 | Generated | Benchmark | bench |
`;
  return `${head}${json}## Phase Breakdown\n\n${phases}${tail}`;
}

/** A plan of about `bytes` characters. */
export function generatePlanBytes(bytes: number): string {
  const perLine = generatePlan(1400).length / 1400;
  return generatePlan(Math.round(bytes / perLine));
}

/** A plan of exactly `n` phases (each depending on the one before, every fifth also on the third before). */
export function generatePlanWithPhases(n: number): string {
  return generatePlan(60 + Math.max(2, n) * phase(1).split('\n').length);
}
