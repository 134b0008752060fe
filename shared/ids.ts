/** Ids are 22 url-safe characters; anything else cannot exist, so it is simply "not found". */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
