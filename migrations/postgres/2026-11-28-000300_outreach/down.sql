DROP TABLE campaign_signups;
DROP TABLE campaign_visits;
DROP TABLE campaigns;
