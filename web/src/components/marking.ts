// One rule for the marking of a page and of a document: the domain's.
export { type DocumentMarking as PageMarking, documentMarking as pageMarking, releaseList } from '../../../src/domain/marking.js';
