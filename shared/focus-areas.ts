import type { Localized } from './locale';

/**
 * The six focus areas of "Kvalitet i elevenes læring". Stored as these keys; a team's own tags
 * are stored as free text next to them.
 */
export const FocusAreas = [
  'inclusive_environment',
  'theory_practice_balance',
  'digital_technology',
  'cross_subject_planning',
  'professional_learning_communities',
  'pupil_centred_leadership',
] as const;
export type FocusArea = (typeof FocusAreas)[number];

export const focusAreaLabels: Record<FocusArea, Localized> = {
  inclusive_environment: { nb: 'Inkluderende læringsmiljøer', nn: 'Inkluderande læringsmiljø', en: 'Inclusive learning environments' },
  theory_practice_balance: { nb: 'Balansere teoretisk og praktisk opplæring', nn: 'Balansere teoretisk og praktisk opplæring', en: 'Balancing theoretical and practical learning' },
  digital_technology: { nb: 'Læringsfremmende bruk av digital teknologi', nn: 'Læringsfremjande bruk av digital teknologi', en: 'Digital technology that supports learning' },
  cross_subject_planning: { nb: 'Flerfaglig periodeplanlegging', nn: 'Fleirfagleg periodeplanlegging', en: 'Cross-subject period planning' },
  professional_learning_communities: { nb: 'Profesjonelle læringsfellesskap', nn: 'Profesjonelle læringsfellesskap', en: 'Professional learning communities' },
  pupil_centred_leadership: { nb: 'Elevsentrert ledelse', nn: 'Elevsentrert leiing', en: 'Pupil-centred leadership' },
};

export const isFocusArea = (tag: string): tag is FocusArea => (FocusAreas as readonly string[]).includes(tag);

/**
 * The three outcomes for pupils a school's initiatives aim at: the "Hvorfor" in Hvorfor → Hva →
 * Hvordan. Stored as tags beside the focus areas (the "Hva").
 */
export const Outcomes = ['mastery', 'meaning', 'participation'] as const;
export type Outcome = (typeof Outcomes)[number];

export const outcomeLabels: Record<Outcome, Localized> = {
  mastery: { nb: 'Mestring', nn: 'Meistring', en: 'Mastery' },
  meaning: { nb: 'Mening', nn: 'Meining', en: 'Meaning' },
  participation: { nb: 'Medvirkning', nn: 'Medverknad', en: 'Participation' },
};

export const isOutcome = (tag: string): tag is Outcome => (Outcomes as readonly string[]).includes(tag);
