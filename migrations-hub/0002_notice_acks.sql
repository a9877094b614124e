CREATE TABLE "notice_acks" (
	"district_id" text NOT NULL,
	"notice_id" text NOT NULL,
	"building_id" text NOT NULL,
	"acknowledged" integer NOT NULL,
	"households" integer NOT NULL,
	"time" timestamp with time zone NOT NULL,
	CONSTRAINT "notice_acks_district_id_notice_id_building_id_pk" PRIMARY KEY("district_id","notice_id","building_id")
);
