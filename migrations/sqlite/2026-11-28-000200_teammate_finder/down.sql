DROP TABLE discipline_keywords;
DROP TABLE finder_contacts;
DROP TABLE finder_card_tracks;
DROP TABLE finder_cards;
