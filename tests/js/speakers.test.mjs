// The speaker picker offers those in the room: on leave or absent only on request
// (web-static/js/pages/minutes-view.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { speakerNames, awayCount } from '../../web-static/js/pages/minutes-view.js';

const meeting = {
  attendees: [
    { name: '孙丽', rank: 3, attendance: 'ATTENDANCE_LEAVE' },
    { name: '王建国', rank: 1, attendance: 'ATTENDANCE_PRESENT' },
    { name: '赵强', rank: 0, attendance: 'ATTENDANCE_EXPECTED' },
    { name: '李明', rank: 4, attendance: 'ATTENDANCE_ABSENT' },
    { name: '刘志远', rank: 2, attendance: 'ATTENDANCE_LATE' },
  ],
};

test('speakers: protocol order; on leave and absent left off unless asked for', () => {
  assert.deepEqual(speakerNames(meeting, { includeAway: false }), ['王建国', '刘志远', '赵强']);
  assert.deepEqual(speakerNames(meeting), ['王建国', '刘志远', '孙丽', '李明', '赵强']);
  assert.equal(awayCount(meeting), 2);
  assert.equal(awayCount({ attendees: meeting.attendees.filter((a) => a.attendance !== 'ATTENDANCE_LEAVE' && a.attendance !== 'ATTENDANCE_ABSENT') }), 0);
});
